"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Colours for series in order; the last two are kept for "other" and "unmatched". */
const PALETTE = ["#b3261e", "#0b57d0", "#1e7b34", "#8a5300", "#6f42c1", "#0f766e", "#be185d", "#4b5563"];
const FIXED: Record<string, string> = { "other bugs": "#6b7280", unmatched: "#aab2bd" };

export interface ChartSeries {
  key: string;
  label: string;
}

/**
 * Stacked bars over a category axis (weeks, kernel releases). The chart sits in a box of fixed height
 * so that nothing moves when it renders on the client. Below it, a collapsed table holds the same
 * numbers, for screen readers and for anyone who wants the exact counts; its rows skip empty
 * categories (weeks without a panic).
 */
export function StackedBarChart({
  data,
  series,
  xKey,
  xLabel,
  height = 260,
  label,
  xTickFormat = "date",
}: {
  data: Record<string, number | string>[];
  series: ChartSeries[];
  xKey: string;
  /** The category axis's name, heading the table's first column ("Week", "Kernel release"). */
  xLabel: string;
  height?: number;
  label: string;
  xTickFormat?: "date" | "text";
}) {
  const colour = (key: string, i: number) => FIXED[key] ?? PALETTE[i % PALETTE.length]!;
  const format = (value: string) => (xTickFormat === "date" ? value.slice(5) : value);
  const count = (row: Record<string, number | string>, key: string) => Number(row[key] ?? 0) || 0;
  const rows = data
    .map((row) => ({ category: String(row[xKey]), counts: series.map((s) => count(row, s.key)) }))
    .filter((row) => row.counts.some((n) => n > 0));
  return (
    <figure className="chart-figure">
      <div className="chart" style={{ height }} aria-label={label} role="img">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height }}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e8ec" />
            <XAxis dataKey={xKey} tickFormatter={format} tick={{ fontSize: 11 }} minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={44} />
            <Tooltip />
            {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
            {series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label.length > 60 ? `${s.label.slice(0, 57)}…` : s.label}
                stackId="a"
                fill={colour(s.key, i)}
                maxBarSize={48}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-data">
        <summary>Show the numbers</summary>
        <div className="table-scroll">
          <table className="data">
            <caption className="sr-only">{label}</caption>
            <thead>
              <tr>
                <th scope="col">{xLabel}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="num">
                    {s.label}
                  </th>
                ))}
                {series.length > 1 ? (
                  <th scope="col" className="num">
                    Total
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.category}>
                  <th scope="row" className="mono">
                    {row.category}
                  </th>
                  {row.counts.map((n, i) => (
                    <td key={series[i]!.key} className="num">
                      {n}
                    </td>
                  ))}
                  {series.length > 1 ? <td className="num">{row.counts.reduce((a, b) => a + b, 0)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
