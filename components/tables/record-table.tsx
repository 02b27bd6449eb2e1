"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { formatCount, formatTime } from "../ui/format";
import { DataTable, type DataTableProps, type TableSort } from "./data-table";

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
  /** Always shown (the column that names the row): the Columns menu does not offer it. */
  pinned?: boolean;
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

/** The cell as it reads in a CSV: counts unformatted, times as ISO 8601, a list joined by "; ". */
function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "string") return cell;
  if ("badge" in cell) return cell.badge;
  if ("list" in cell) return cell.list.map((item) => item.text).join("; ");
  return cell.text;
}

/**
 * A server-sorted, server-paged table whose columns and cells are plain data. `sort` makes the
 * headers of its `firstDir` columns links to the URL's next `?sort=&dir=`.
 */
export function RecordTable({
  columns,
  rows,
  caption,
  sort,
  hideableColumns,
  exportSelected,
  scroll,
}: {
  columns: RecordColumn[];
  rows: RecordRow[];
  caption: string;
  sort?: TableSort;
} & Pick<DataTableProps<RecordRow>, "hideableColumns" | "exportSelected" | "scroll">) {
  const defs: ColumnDef<RecordRow, unknown>[] = columns.map((column) => ({
    id: column.id,
    // An accessor makes it a data column, which TanStack lets sort (the rows arrive sorted: manualSorting).
    accessorFn: (row) => row[column.id] ?? null,
    header: column.header,
    enableHiding: !column.pinned,
    meta: {
      label: column.header,
      numeric: column.kind === "num",
      csv: (row: RecordRow) => cellText(row[column.id] ?? null),
    },
    cell: ({ row }) => renderCell(row.original[column.id] ?? null, column.kind),
  }));
  return (
    <DataTable
      columns={defs}
      data={rows}
      caption={caption}
      getRowId={(row) => row.key}
      sort={sort}
      hideableColumns={hideableColumns}
      exportSelected={exportSelected}
      scroll={scroll}
    />
  );
}
