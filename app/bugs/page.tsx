import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { updatesHref } from "@/components/ui/links";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Skeleton, SkeletonText } from "@/components/ui/skeleton";
import { bugListSearchSchema } from "@/lib/schemas/dashboard";
import { BugCounts, KnownBugs, UnmatchedSignatures } from "./panels";

export const metadata: Metadata = { title: "Bugs" };
export const dynamic = "force-dynamic";

export default async function BugsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { page } = bugListSearchSchema.parse(await searchParams);
  return (
    <>
      <PageHeader
        title="Bugs"
        description={
          <Suspense fallback={<SkeletonText width="20em" />}>
            <BugCounts page={page} />
          </Suspense>
        }
      />
      <Panel id="known" title="Known bugs">
        <Suspense fallback={<Skeleton height={420} />}>
          <KnownBugs />
        </Suspense>
      </Panel>
      <Panel id="unmatched" title="Unmatched signatures">
        <p className="muted">
          Crash groups no known bug matches. Create a known bug from one to name it, record its fix and move its panics
          under it.
        </p>
        <Suspense fallback={<Skeleton height={520} />}>
          <UnmatchedSignatures page={page} />
        </Suspense>
      </Panel>
      <p className="muted">
        Hosts that still run a kernel without the fix are listed on <Link href={updatesHref()}>Updates</Link>.
      </p>
    </>
  );
}
