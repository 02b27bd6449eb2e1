import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { formatCountOf, formatTime } from "@/components/ui/format";
import { bugHref, bugsHref } from "@/components/ui/links";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { newBugSearchSchema } from "@/lib/schemas/known-bug-form";
import { getSignature } from "@/lib/server/queries/bugs";
import { BugForm, DerivedRules } from "./panels";

export const metadata: Metadata = { title: "Create known bug" };
export const dynamic = "force-dynamic";

export default async function NewBugPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = newBugSearchSchema.safeParse(await searchParams);
  const signature = search.success ? await getSignature(search.data.signature) : null;
  if (!signature) notFound();
  return (
    <>
      <PageHeader
        title="Create known bug"
        description={
          <>
            From the signature <span className="mono">{signature.fingerprint}</span>: {signature.title} ·{" "}
            {formatCountOf(signature.panicCount, "panic")} on {formatCountOf(signature.hostCount, "host")},{" "}
            {formatTime(signature.firstSeenAt)} – {formatTime(signature.lastSeenAt)}
          </>
        }
        actions={
          <Link className="button secondary" href={bugsHref()}>
            Back to bugs
          </Link>
        }
      />
      {signature.knownBugId ? (
        <section className="panel card-ok">
          <p>
            This signature already matches <Link href={bugHref(signature.knownBugId)}>{signature.knownBugId}</Link>.
          </p>
        </section>
      ) : null}
      <div className="grid grid-2">
        <Panel id="form" title="The bug">
          <Suspense fallback={<Skeleton height={640} label="Loading the form" />}>
            <BugForm signature={signature} fix={search.data?.fix ?? null} />
          </Suspense>
        </Panel>
        <Panel id="rules" title="Match rules derived from its panics">
          <p className="muted">
            Saving re-matches every stored panic against all known bugs; these rules then claim this signature&apos;s
            panics.
          </p>
          <Suspense fallback={<Skeleton height={240} />}>
            <DerivedRules signatureId={signature.id} title={signature.title} />
          </Suspense>
        </Panel>
      </div>
    </>
  );
}
