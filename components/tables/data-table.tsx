"use client";

import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";

export interface DataTableProps<Row> {
  columns: ColumnDef<Row, unknown>[];
  data: Row[];
  caption: string;
  /** Columns whose cells are numbers, right-aligned. */
  numericColumns?: string[];
  /** aria-sort of the column the rows are sorted by. */
  sortedColumns?: Record<string, "ascending" | "descending">;
}

/**
 * A plain, accessible table. Sorting, filtering and pagination happen on the server (in SQL,
 * reflected in the URL); this component only renders the rows it is given.
 */
export function DataTable<Row>({
  columns,
  data,
  caption,
  numericColumns = [],
  sortedColumns = {},
}: DataTableProps<Row>) {
  // The React Compiler is not enabled, so TanStack's unmemoizable table instance is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel() });
  return (
    <table className="data">
      <caption className="sr-only">{caption}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th
                key={header.id}
                scope="col"
                className={numericColumns.includes(header.column.id) ? "num" : undefined}
                aria-sort={sortedColumns[header.column.id]}
              >
                {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} data-testid="row">
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} className={numericColumns.includes(cell.column.id) ? "num" : undefined}>
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
