import type { Metadata } from "next";
import { Suspense } from "react";
import { updatesCsvHref } from "@/components/ui/links";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton, SkeletonText } from "@/components/ui/skeleton";
import { updatesPageSearchSchema } from "@/lib/schemas/updates";
import { UpdateCount, UpdateFilters, UpdateTable } from "./panels";

export const metadata: Metadata = { title: "Updates" };
export const dynamic = "force-dynamic";

export default async function UpdatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = updatesPageSearchSchema.parse(await searchParams);
  return (
    <>
      <PageHeader
        title="Updates"
        description={
          <>
            <Suspense fallback={<SkeletonText width="14em" />}>
              <UpdateCount search={search} />
            </Suspense>
            : they panicked on a known bug that their kernel lacks the fix for; the target is the smallest kernel of
            their stream that fixes every known bug they panicked on.
          </>
        }
        actions={
          <a className="button secondary" href={updatesCsvHref({ bug: search.bug, release: search.release })} download>
            Export CSV
          </a>
        }
      />
      <section className="panel" aria-label="Hosts needing an update">
        <Suspense fallback={<Skeleton height={58} />}>
          <UpdateFilters search={search} />
        </Suspense>
        <Suspense fallback={<Skeleton height={900} />}>
          <UpdateTable search={search} />
        </Suspense>
      </section>
    </>
  );
}
