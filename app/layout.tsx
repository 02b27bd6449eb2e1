import type { Metadata } from "next";
import Link from "next/link";
import { type ReactNode, Suspense } from "react";
import { NavLinks } from "@/components/nav-links";
import { overviewHref } from "@/components/ui/links";
import { SessionStatus } from "./sign-in/session-status";
import "./globals.css";

// Each page carries the nonce of its request's Content-Security-Policy (proxy.ts), which only a page
// rendered per request can have: this includes the not-found page, which Next would otherwise prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "panicboard", template: "%s · panicboard" },
  description:
    "Kernel panics across your RHEL fleet, grouped by bug and kernel release, with the hosts that need an update.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <Link href={overviewHref()} className="brand">
            <span className="brand-mark" aria-hidden="true" />
            panicboard
          </Link>
          <NavLinks />
          <Suspense>
            <SessionStatus />
          </Suspense>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
