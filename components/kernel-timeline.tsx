import { formatTime } from "./ui/format";

export interface KernelSpan {
  kernelRelease: string;
  firstSeenAt: string;
  lastSeenAt: string;
  source: string;
}

/** Kernels a host ran, as bars from first to last seen on a shared time axis (server-rendered, no layout shift). */
export function KernelTimeline({ kernels }: { kernels: KernelSpan[] }) {
  if (kernels.length === 0) return <p className="muted">No kernel reported yet.</p>;
  const times = kernels.flatMap((k) => [Date.parse(k.firstSeenAt), Date.parse(k.lastSeenAt)]);
  const start = Math.min(...times);
  const end = Math.max(...times, start + 24 * 3600 * 1000);
  const pct = (t: number) => ((t - start) / (end - start)) * 100;
  const sorted = [...kernels].sort((a, b) => Date.parse(a.firstSeenAt) - Date.parse(b.firstSeenAt));
  return (
    <div className="timeline" role="list" aria-label="Kernels seen over time">
      {sorted.map((k) => {
        const left = pct(Date.parse(k.firstSeenAt));
        const width = Math.max(0.6, pct(Date.parse(k.lastSeenAt)) - left);
        return (
          <div className="timeline-row" role="listitem" key={k.kernelRelease}>
            <span className="mono" title={`${k.source}: ${formatTime(k.firstSeenAt)} – ${formatTime(k.lastSeenAt)}`}>
              {k.kernelRelease}
            </span>
            <div className="timeline-track">
              <div
                className={`timeline-bar ${k.source}`}
                style={{ left: `${left}%`, width: `${width}%` }}
                title={`${formatTime(k.firstSeenAt)} – ${formatTime(k.lastSeenAt)} (${k.source})`}
              />
            </div>
          </div>
        );
      })}
      <div className="timeline-row" aria-hidden="true">
        <span />
        <div className="timeline-axis">
          <span>{formatTime(new Date(start)).slice(0, 10)}</span>
          <span>{formatTime(new Date(end)).slice(0, 10)}</span>
        </div>
      </div>
    </div>
  );
}
