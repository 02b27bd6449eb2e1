import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatCount, formatTime } from "@/components/ui/format";
import { Pager } from "@/components/ui/pager";
import { pageParamSchema } from "@/lib/schemas/common";
import { getHost, listPanicsByHost } from "@/lib/server/queries/hosts";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ hostname: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const PAGE_SIZE = 50;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).hostname) };
}

export default async function HostPage({ params, searchParams }: Props) {
  const hostname = decodeURIComponent((await params).hostname);
  const page = pageParamSchema.parse((await searchParams).page);
  const host = await getHost(hostname);
  if (!host) notFound();
  const panics = await listPanicsByHost(host.id, page, PAGE_SIZE);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{host.hostname}</h1>
          <p>
            Current kernel <span className="mono">{host.currentKernel ?? "unknown"}</span> · {formatCount(host.panicCount)} panics · last{" "}
            {formatTime(host.lastPanicAt)}
          </p>
        </div>
      </div>
      <section className="panel" aria-labelledby="kernels-heading">
        <h2 id="kernels-heading">Kernels seen</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Kernel</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
              <th scope="col">Reported by</th>
            </tr>
          </thead>
          <tbody>
            {host.kernels.map((k) => (
              <tr key={k.kernelRelease}>
                <td className="mono">{k.kernelRelease}</td>
                <td>{formatTime(k.firstSeenAt)}</td>
                <td>{formatTime(k.lastSeenAt)}</td>
                <td>{k.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="panics-heading">
        <h2 id="panics-heading">Panics</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Crashed</th>
              <th scope="col">Title</th>
              <th scope="col">Kernel</th>
              <th scope="col">Known bug</th>
            </tr>
          </thead>
          <tbody>
            {panics.map((p) => (
              <tr key={p.id}>
                <td>{formatTime(p.crashTime)}</td>
                <td>
                  <Link href={`/panics/${p.id}`}>{p.title ?? "unrecognized crash"}</Link>
                </td>
                <td className="mono">{p.kernelRelease ?? "—"}</td>
                <td>{p.knownBugId ? <Link href={`/bugs/${encodeURIComponent(p.knownBugId)}`}>{p.knownBugId}</Link> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager basePath={`/hosts/${encodeURIComponent(host.hostname)}`} params={{}} page={page} pageSize={PAGE_SIZE} total={host.panicCount} />
      </section>
    </>
  );
}
