import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { formatTime } from "@/components/ui/format";
import { Legend } from "@/components/ui/legend";
import { hostHref, panicRawHref } from "@/components/ui/links";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { panicIdSchema } from "@/lib/schemas/common";
import { getPanicDetail } from "@/lib/server/queries/panics";
import { KnownBugMatch, PanicRawText, ParsedFields, PossibleFixes, SignatureGroup } from "./panels";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The panic without its raw text; metadata and page share the one query (cache()). */
async function loadPanic(params: Props["params"]) {
  const id = panicIdSchema.safeParse((await params).id);
  const panic = id.success ? await getPanicDetail(id.data) : null;
  if (!panic) notFound();
  return panic;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const panic = await loadPanic(params);
  return { title: `${panic.title ?? "Panic"} on ${panic.host.hostname}` };
}

export default async function PanicPage({ params }: Props) {
  const panic = await loadPanic(params);
  return (
    <>
      <PageHeader
        title={panic.title ?? "Unrecognized crash"}
        description={
          <>
            <Link href={hostHref(panic.host.hostname)}>{panic.host.hostname}</Link> · crashed{" "}
            {formatTime(panic.crashTime)} · kernel <span className="mono">{panic.kernelRelease ?? "unknown"}</span>
            {panic.rhelRelease ? ` (RHEL ${panic.rhelRelease})` : ""}
          </>
        }
        actions={
          <a className="button secondary" href={panicRawHref(panic.id)} download={`panic-${panic.id}.txt`}>
            Download raw text
          </a>
        }
      />
      <div className="grid grid-2">
        <Panel id="fields" title="Parsed">
          <ParsedFields panic={panic} />
        </Panel>
        <div>
          <Panel id="match" title="Known bug" className={panic.knownBug && panic.matchRegression ? "card-danger" : ""}>
            <KnownBugMatch panic={panic} />
          </Panel>
          <Panel id="signature" title="Signature group">
            <Suspense fallback={<Skeleton height={200} />}>
              <SignatureGroup panic={panic} />
            </Suspense>
          </Panel>
        </div>
      </div>
      <Panel
        id="fixes"
        title={panic.knownBug ? "Fixes in the changelogs" : "Possible fixes"}
        aside={<span className="muted">from RHEL kernel changelogs, newer than the crashed kernel</span>}
      >
        <Suspense fallback={<Skeleton height={360} label="Searching the kernel changelogs" />}>
          <PossibleFixes panic={panic} />
        </Suspense>
      </Panel>
      <Panel
        id="raw"
        title="Raw text"
        aside={
          <Legend
            items={[
              { color: "rgba(248, 81, 73, 0.6)", label: "panic line" },
              { color: "rgba(255, 196, 0, 0.6)", label: "RIP" },
              { color: "rgba(56, 139, 253, 0.5)", label: "call trace" },
            ]}
          />
        }
      >
        <Suspense fallback={<Skeleton height={600} />}>
          <PanicRawText panic={panic} />
        </Suspense>
      </Panel>
    </>
  );
}
