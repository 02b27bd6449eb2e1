import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton, SkeletonText } from "@/components/ui/skeleton";
import { hostListSearchSchema } from "@/lib/schemas/dashboard";
import { HostCount, HostFilters, HostTable } from "./panels";

export const metadata: Metadata = { title: "Hosts" };
export const dynamic = "force-dynamic";

export default async function HostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = hostListSearchSchema.parse(await searchParams);
  return (
    <>
      <PageHeader
        title="Hosts"
        description={
          <Suspense fallback={<SkeletonText width="8em" />}>
            <HostCount search={search} />
          </Suspense>
        }
      />
      <section className="panel" aria-label="Host list">
        <Suspense fallback={<Skeleton height={58} />}>
          <HostFilters search={search} />
        </Suspense>
        <Suspense fallback={<Skeleton height={900} />}>
          <HostTable search={search} />
        </Suspense>
      </section>
    </>
  );
}
