import Link from "next/link";
import { formatCount, formatCountOf } from "@/components/ui/format";
import { bugHref, hostsHref, unmatchedSignaturesHref, updatesHref } from "@/components/ui/links";
import { countHostsByRelease, getReleaseOverview } from "@/lib/server/queries/releases";

/** The Releases page's panels; the tree and the matrix share getReleaseOverview (cached per request). */

/** Background of a heat-map cell: transparent at 0, the accent colour at the row's maximum. */
function heat(value: number, max: number): string | undefined {
  if (!value || !max) return undefined;
  const alpha = 0.12 + 0.68 * Math.sqrt(value / max);
  return `rgba(179, 38, 30, ${alpha.toFixed(2)})`;
}

export async function ReleaseTree() {
  const overview = await getReleaseOverview();
  return overview.majors.map((major) => (
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
  ));
}

export async function BugReleaseMatrix() {
  const overview = await getReleaseOverview();
  const max = Math.max(1, ...overview.matrix.flatMap((row) => Object.values(row.counts)));
  return (
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
                <Link href={row.bugId ? bugHref(row.bugId) : unmatchedSignaturesHref()}>{row.title}</Link>
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
  );
}

export async function HostsPerRelease() {
  const hostsByRelease = await countHostsByRelease();
  return (
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
                <Link href={hostsHref({ release: r.release })}>RHEL {r.release}</Link>
              ) : (
                "not RHEL / unknown"
              )}
            </td>
            <td className="num">{formatCount(r.hosts)}</td>
            <td className="num">
              {r.needsUpdate && r.release ? (
                <Link href={updatesHref({ release: r.release })}>{formatCount(r.needsUpdate)}</Link>
              ) : (
                formatCount(r.needsUpdate)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
