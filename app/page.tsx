import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCount, formatTime } from "@/components/ui/format";
import { countOverview, listLatestPanics } from "@/lib/server/queries/overview";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const [counts, latest] = await Promise.all([countOverview(), listLatestPanics(10)]);
  const stats = [
    { label: "Panics, last 24 h", value: counts.panics24h },
    { label: "Panics, last 7 days", value: counts.panics7d },
    { label: "Panics, last 30 days", value: counts.panics30d },
    { label: "Hosts affected, 30 days", value: counts.hostsAffected30d },
    { label: "Unmatched signatures", value: counts.unmatchedSignatures },
  ];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Overview</h1>
          <p>
            {formatCount(counts.panicsTotal)} panics from {formatCount(counts.hostsTotal)} hosts
          </p>
        </div>
      </div>
      <section className="grid grid-4" aria-label="Headline figures" style={{ marginBottom: "1.25rem" }}>
        {stats.map((s) => (
          <div className="stat" key={s.label}>
            <div className="label">{s.label}</div>
            <div className="value">{formatCount(s.value)}</div>
          </div>
        ))}
      </section>
      <section className="panel" aria-labelledby="latest-heading">
        <h2 id="latest-heading">Latest panics</h2>
        {latest.length === 0 ? (
          <EmptyState title="No panics yet">
            <UploadHint />
          </EmptyState>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Crashed</th>
                <th scope="col">Host</th>
                <th scope="col">Title</th>
                <th scope="col">Kernel</th>
              </tr>
            </thead>
            <tbody>
              {latest.map((p) => (
                <tr key={p.id}>
                  <td>{formatTime(p.crashTime)}</td>
                  <td>
                    <Link href={`/hosts/${encodeURIComponent(p.hostname)}`}>{p.hostname}</Link>
                  </td>
                  <td>
                    <Link href={`/panics/${p.id}`}>{p.title ?? "unrecognized crash"}</Link>
                  </td>
                  <td className="mono">{p.kernelRelease ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
