"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { formatCount, formatTime } from "../ui/format";
import { DataTable } from "./data-table";

export interface HostRow {
  hostname: string;
  currentKernel: string | null;
  panicCount: number;
  lastPanicAt: string | null;
}

const columns: ColumnDef<HostRow, unknown>[] = [
  {
    id: "hostname",
    header: "Hostname",
    cell: ({ row }) => <Link href={`/hosts/${encodeURIComponent(row.original.hostname)}`}>{row.original.hostname}</Link>,
  },
  {
    id: "currentKernel",
    header: "Current kernel",
    cell: ({ row }) => <span className="mono">{row.original.currentKernel ?? "—"}</span>,
  },
  { id: "panicCount", header: "Panics", cell: ({ row }) => formatCount(row.original.panicCount) },
  { id: "lastPanicAt", header: "Last panic", cell: ({ row }) => formatTime(row.original.lastPanicAt) },
];

export function HostsTable({ rows }: { rows: HostRow[] }) {
  return <DataTable columns={columns} data={rows} caption="Hosts" numericColumns={["panicCount"]} />;
}
