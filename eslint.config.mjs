import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const PRISMA_IMPORTS = [
  {
    group: ["@prisma/*", "**/generated/prisma", "**/generated/prisma/*"],
    message: "Prisma is used only in lib/server/, prisma/ and test setup.",
  },
];
const FRAMEWORK_IMPORTS = [
  {
    group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"],
    message: "lib/crash, lib/kernel, lib/kb and lib/changelog are pure: no Next or React.",
  },
];
const SERVER_IMPORTS = [
  {
    group: ["@/lib/server/*", "**/lib/server/*"],
    message: "Components render plain data; pages fetch it through lib/server/queries.",
  },
];

/**
 * Which layer may import which, checked on resolved paths (aliases and relative imports alike).
 * See ARCHITECTURE.md for the layers.
 */
const PURE_LIBS = ["./lib/crash", "./lib/kernel", "./lib/kb", "./lib/changelog"];
const LAYER_ZONES = [
  {
    target: PURE_LIBS,
    from: ["./lib/server", "./lib/cli", "./scripts", "./app", "./components"],
    message:
      "lib/crash, lib/kernel, lib/kb and lib/changelog are pure: string in, data out (no server, CLI or scripts).",
  },
  {
    target: ["./lib/crash", "./lib/kernel"],
    from: ["./lib/kb", "./lib/changelog"],
    message: "lib/crash and lib/kernel sit below the catalogue: the known bugs use them, not the other way round.",
  },
  {
    target: "./lib",
    from: ["./app", "./components", "./scripts"],
    message: "lib/ is imported by app/, components/ and scripts/, never the other way round.",
  },
  {
    target: ["./lib/!(cli)/**/*", "./lib/*.ts"],
    from: "./lib/cli",
    message: "lib/cli is a program's front end: nothing in lib/ imports it.",
  },
  {
    target: "./components",
    from: "./app",
    message: "Components are presentational: pages (app/) import them, not the other way round.",
  },
];

const config = [
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { patterns: PRISMA_IMPORTS }],
    },
  },
  {
    rules: { "import/no-restricted-paths": ["error", { zones: LAYER_ZONES }] },
  },
  {
    // Where Prisma belongs: the server layer, the schema folder and test setup.
    files: ["lib/server/**", "prisma/**", "e2e/global-setup.ts", "lib/test/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["lib/crash/**", "lib/kernel/**", "lib/kb/**", "lib/changelog/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...PRISMA_IMPORTS, ...FRAMEWORK_IMPORTS] }] },
  },
  {
    files: ["components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...PRISMA_IMPORTS, ...SERVER_IMPORTS] }] },
  },
];

export default config;
