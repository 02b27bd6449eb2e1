"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { formatCount, formatTime } from "../ui/format";
import { DataTable } from "./data-table";

/** A cell as plain data (server components cannot pass render functions to a client table). */
export type Cell =
  | string
  | number
  | null
  | { text: string; href: string; mono?: boolean; nowrap?: boolean }
  | { badge: string; tone: "danger" | "ok" | "warn" | "muted" }
  | { list: { text: string; href?: string }[]; mono?: boolean };

export interface RecordColumn {
  id: string;
  header: string;
  /** text (default), mono, num (right-aligned count), time (UTC timestamp, ISO string in). */
  kind?: "text" | "mono" | "num" | "time";
  /** When set, the header is a link that sorts by this column (server-side, in the URL). */
  sortHref?: string;
  /** "ascending" / "descending" when the table is sorted by this column. */
  sorted?: "ascending" | "descending";
}

export type RecordRow = Record<string, Cell> & { key: string };

function renderCell(cell: Cell, kind: RecordColumn["kind"]) {
  if (cell === null || cell === "") return <span className="muted">—</span>;
  if (typeof cell === "number") return formatCount(cell);
  if (typeof cell === "string") {
    if (kind === "time") return <time dateTime={cell}>{formatTime(cell)}</time>;
    return kind === "mono" ? <span className="mono">{cell}</span> : cell;
  }
  if ("badge" in cell) return <span className={`badge badge-${cell.tone}`}>{cell.badge}</span>;
  if ("list" in cell) {
    return (
      <span className={cell.mono ? "cell-list mono" : "cell-list"}>
        {cell.list.map((item, i) => (
          <span key={i}>{item.href ? <Link href={item.href}>{item.text}</Link> : item.text}</span>
        ))}
      </span>
    );
  }
  return (
    <Link
      href={cell.href}
      className={[cell.mono ? "mono" : "", cell.nowrap ? "nowrap" : ""].join(" ").trim() || undefined}
    >
      {cell.text}
    </Link>
  );
}

/** A server-sorted, server-paged table whose columns and cells are plain data. */
export function RecordTable({
  columns,
  rows,
  caption,
}: {
  columns: RecordColumn[];
  rows: RecordRow[];
  caption: string;
}) {
  const defs: ColumnDef<RecordRow, unknown>[] = columns.map((column) => ({
    id: column.id,
    header: () =>
      column.sortHref ? (
        <Link href={column.sortHref} className="sort" aria-label={`Sort by ${column.header}`}>
          {column.header}
          <span aria-hidden="true">
            {column.sorted === "ascending" ? " ▲" : column.sorted === "descending" ? " ▼" : ""}
          </span>
        </Link>
      ) : (
        column.header
      ),
    cell: ({ row }) => renderCell(row.original[column.id] ?? null, column.kind),
  }));
  return (
    <DataTable
      columns={defs}
      data={rows}
      caption={caption}
      numericColumns={columns.filter((c) => c.kind === "num").map((c) => c.id)}
      sortedColumns={Object.fromEntries(columns.filter((c) => c.sorted).map((c) => [c.id, c.sorted!]))}
    />
  );
}
