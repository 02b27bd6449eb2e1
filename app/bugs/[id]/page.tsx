import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { updatesHref } from "@/components/ui/links";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Skeleton, SkeletonText } from "@/components/ui/skeleton";
import { decodeRouteParam } from "@/lib/schemas/common";
import { bugPageSearchSchema } from "@/lib/schemas/dashboard";
import { getKnownBug } from "@/lib/server/queries/bugs";
import {
  AffectedHosts,
  BugDescription,
  BugEditing,
  BugFixes,
  BugHistory,
  BugTotals,
  CreatedNotice,
  PanicsPerKernel,
  SamplePanic,
} from "./panels";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const bug = await getKnownBug(decodeRouteParam((await params).id));
  return { title: bug ? bug.title : "Unknown bug" };
}

export default async function BugPage({ params, searchParams }: Props) {
  const bug = await getKnownBug(decodeRouteParam((await params).id));
  if (!bug) notFound();
  const query = await searchParams;
  const { page } = bugPageSearchSchema.parse(query);
  return (
    <>
      <PageHeader
        title={bug.title}
        description={
          <>
            <span className="mono">{bug.id}</span> · {bug.origin === "user" ? "created in the dashboard" : "catalogue"}
            {bug.definition ? ` · ${bug.definition.confidence}` : ""} ·{" "}
            <Suspense fallback={<SkeletonText width="24em" />}>
              <BugTotals id={bug.id} />
            </Suspense>
          </>
        }
        actions={
          <Link className="button secondary" href={updatesHref({ bug: bug.id })}>
            Hosts to update
          </Link>
        }
      />
      {query.edited ? (
        <p className="result badge-ok" role="status">
          Saved; the stored panics were re-matched.
        </p>
      ) : null}
      {query.created ? (
        <Suspense>
          <CreatedNotice id={bug.id} />
        </Suspense>
      ) : null}
      <div className="grid grid-2">
        <Panel id="about" title="Description">
          <BugDescription bug={bug} />
        </Panel>
        <Panel id="fix" title="Fixed in">
          <BugFixes bug={bug} />
        </Panel>
      </div>
      <Panel id="kernels" title="Panics per kernel release">
        <Suspense fallback={<Skeleton height={260} />}>
          <PanicsPerKernel bug={bug} />
        </Suspense>
      </Panel>
      <Panel id="hosts" title="Affected hosts">
        <Suspense fallback={<Skeleton height={500} />}>
          <AffectedHosts bug={bug} page={page} />
        </Suspense>
      </Panel>
      <Suspense fallback={<Skeleton height={120} />}>
        <SamplePanic id={bug.id} />
      </Suspense>
      <Panel id="edit" title={bug.origin === "user" ? "Edit or delete" : "Editing"}>
        <Suspense fallback={<Skeleton height={60} />}>
          <BugEditing bug={bug} />
        </Suspense>
      </Panel>
      <Panel id="history" title="History">
        <Suspense fallback={<Skeleton height={60} />}>
          <BugHistory id={bug.id} />
        </Suspense>
      </Panel>
    </>
  );
}
