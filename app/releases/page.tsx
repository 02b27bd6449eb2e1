import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCount, formatCountOf } from "@/components/ui/format";
import { bugHref, withQuery } from "@/components/ui/links";
import { countHostsByRelease, getReleaseOverview } from "@/lib/server/queries/releases";

export const metadata: Metadata = { title: "Releases" };
export const dynamic = "force-dynamic";

/** Background of a heat-map cell: transparent at 0, the accent colour at the row's maximum. */
function heat(value: number, max: number): string | undefined {
  if (!value || !max) return undefined;
  const alpha = 0.12 + 0.68 * Math.sqrt(value / max);
  return `rgba(179, 38, 30, ${alpha.toFixed(2)})`;
}

export default async function ReleasesPage() {
  const [overview, hostsByRelease] = await Promise.all([getReleaseOverview(), countHostsByRelease()]);
  if (overview.majors.length === 0 && overview.otherPanics === 0) {
    return (
      <>
        <div className="page-header">
          <div>
            <h1>Releases</h1>
            <p>Panics by RHEL major, minor release and kernel.</p>
          </div>
        </div>
        <section className="panel">
          <EmptyState title="No panics yet">
            <UploadHint />
          </EmptyState>
        </section>
      </>
    );
  }
  const max = Math.max(1, ...overview.matrix.flatMap((row) => Object.values(row.counts)));
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Releases</h1>
          <p>
            Panics by RHEL major → minor release → kernel release
            {overview.otherPanics ? ` · ${formatCount(overview.otherPanics)} panics on non-RHEL kernels` : ""}
          </p>
        </div>
      </div>
      <section className="panel" aria-labelledby="tree-heading">
        <h2 id="tree-heading">Panics by release</h2>
        {overview.majors.map((major) => (
          <details className="tree" key={major.major} open>
            <summary>
              RHEL {major.major}
              <span className="muted">
                {formatCountOf(major.panics, "panic")} · {formatCountOf(major.hosts, "host")}
              </span>
            </summary>
            {major.minors.map((minor) => (
              <details className="tree" key={minor.release}>
                <summary>
                  RHEL {minor.release}
                  <span className="muted">
                    {formatCountOf(minor.panics, "panic")} · {formatCountOf(minor.hosts, "host")} ·{" "}
                    {formatCountOf(minor.kernels.length, "kernel")}
                  </span>
                </summary>
                <table className="data">
                  <caption className="sr-only">Kernels of RHEL {minor.release}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Kernel release</th>
                      <th scope="col" className="num">
                        Panics
                      </th>
                      <th scope="col" className="num">
                        Hosts
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {minor.kernels.map((k) => (
                      <tr key={k.kernelRelease}>
                        <td className="mono">{k.kernelRelease}</td>
                        <td className="num">{formatCount(k.panics)}</td>
                        <td className="num">{formatCount(k.hosts)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            ))}
          </details>
        ))}
      </section>
      <section className="panel" aria-labelledby="matrix-heading">
        <h2 id="matrix-heading">Bugs × releases</h2>
        <p className="muted">Panics per known bug and RHEL minor release; darker is more.</p>
        <div className="table-scroll">
          <table className="data heat">
            <caption className="sr-only">Panics per known bug and RHEL release</caption>
            <thead>
              <tr>
                <th scope="col">Bug</th>
                {overview.minorReleases.map((r) => (
                  <th scope="col" key={r} className="rot">
                    {r}
                  </th>
                ))}
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.matrix.map((row) => (
                <tr key={row.bugId ?? "unmatched"}>
                  <th
                    scope="row"
                    style={{
                      textTransform: "none",
                      letterSpacing: 0,
                      fontSize: "0.88rem",
                      whiteSpace: "normal",
                      minWidth: 220,
                    }}
                  >
                    {row.bugId ? (
                      <Link href={bugHref(row.bugId)}>{row.title}</Link>
                    ) : (
                      <Link href="/bugs#unmatched-heading">{row.title}</Link>
                    )}
                  </th>
                  {overview.minorReleases.map((r) => {
                    const value = row.counts[r] ?? 0;
                    return (
                      <td
                        key={r}
                        className="cell"
                        style={{ background: heat(value, max), color: value / max > 0.45 ? "#fff" : undefined }}
                        title={`${row.title}, RHEL ${r}: ${value} panics`}
                      >
                        {value ? formatCount(value) : ""}
                      </td>
                    );
                  })}
                  <td className="num">{formatCount(row.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" aria-labelledby="hosts-heading">
        <h2 id="hosts-heading">Hosts per release</h2>
        <p className="muted">By each host&apos;s current kernel.</p>
        <table className="data">
          <caption className="sr-only">Hosts per RHEL release</caption>
          <thead>
            <tr>
              <th scope="col">RHEL release</th>
              <th scope="col" className="num">
                Hosts
              </th>
              <th scope="col" className="num">
                Need an update
              </th>
            </tr>
          </thead>
          <tbody>
            {hostsByRelease.map((r) => (
              <tr key={r.release ?? "none"}>
                <td>
                  {r.release ? (
                    <Link href={withQuery("/hosts", { release: r.release })}>RHEL {r.release}</Link>
                  ) : (
                    "not RHEL / unknown"
                  )}
                </td>
                <td className="num">{formatCount(r.hosts)}</td>
                <td className="num">
                  {r.needsUpdate && r.release ? (
                    <Link href={withQuery("/updates", { release: r.release })}>{formatCount(r.needsUpdate)}</Link>
                  ) : (
                    formatCount(r.needsUpdate)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
