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
    message: "lib/crash, lib/kernel and lib/kb are pure: no Next or React.",
  },
];
const SERVER_IMPORTS = [
  {
    group: ["@/lib/server/*", "**/lib/server/*"],
    message: "Components render plain data; pages fetch it through lib/server/queries.",
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
    // Where Prisma belongs: the server layer, the schema folder and test setup.
    files: ["lib/server/**", "prisma/**", "e2e/global-setup.ts", "lib/test/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["lib/crash/**", "lib/kernel/**", "lib/kb/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...PRISMA_IMPORTS, ...FRAMEWORK_IMPORTS] }] },
  },
  {
    files: ["components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...PRISMA_IMPORTS, ...SERVER_IMPORTS] }] },
  },
];

export default config;
