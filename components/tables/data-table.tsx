"use client";

import {
  type Column,
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type RowData,
  type RowSelectionState,
  type Table,
  type VisibilityState,
  useReactTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { downloadCsv, toCsv } from "./csv";
import styles from "./data-table.module.css";

declare module "@tanstack/react-table" {
  // The augmented interface must repeat TanStack's type parameters, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The header as text: the sort link's name, the column menu's label, the CSV header. */
    label?: string;
    /** A count: right-aligned. */
    numeric?: boolean;
    /** The cell as text for a CSV export. */
    csv?: (row: TData) => string;
  }
}

type SortDir = "asc" | "desc";

/** The server's sort, read from the URL (`?sort=&dir=`): clicking a header navigates to another. */
export interface TableSort {
  column: string;
  dir: SortDir;
  /** The columns that sort, each with the direction a first click sorts in (a `dir` equal to it stays out of the URL). */
  firstDir: Record<string, SortDir>;
}

export interface DataTableProps<Row> {
  columns: ColumnDef<Row, unknown>[];
  data: Row[];
  caption: string;
  getRowId: (row: Row) => string;
  sort?: TableSort;
  /** Offer a Columns menu; the hidden columns are kept in the URL (`?hide=a,b`) so a reload or a shared link keeps them. */
  hideableColumns?: boolean;
  /** Offer row checkboxes and a button that downloads the selected rows' visible columns as CSV. */
  exportSelected?: { label: string; filename: string };
  /** Scroll sideways inside the panel when the table is wider than it. */
  scroll?: boolean;
}

const HIDE_PARAM = "hide";

function parseHidden(value: string | null): VisibilityState {
  return Object.fromEntries((value ?? "").split(",").flatMap((id) => (id ? [[id, false]] : [])));
}

/**
 * An accessible table of rows the server already sorted and paged (in SQL, from the URL): TanStack
 * Table holds the sort state (manual: headers link to the next `?sort=&dir=`), which columns are
 * visible (from `?hide=`) and which rows are selected (for the bulk export).
 */
export function DataTable<Row>({
  columns,
  data,
  caption,
  getRowId,
  sort,
  hideableColumns = false,
  exportSelected,
  scroll = false,
}: DataTableProps<Row>) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const columnVisibility = hideableColumns ? parseHidden(searchParams.get(HIDE_PARAM)) : {};

  // The selection checkbox sits in the first column's cells (the one naming the row, never hidden)
  // rather than a column of its own, so the data cells keep their positions.
  const selectIn = exportSelected ? columns[0]?.id : undefined;

  // The React Compiler is not enabled, so TanStack's unmemoizable table instance is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns: columns.map((c) => ({
      ...c,
      enableHiding: c.id !== selectIn && c.enableHiding !== false,
      enableSorting: Boolean(c.id && sort?.firstDir[c.id]),
      sortDescFirst: c.id ? sort?.firstDir[c.id] === "desc" : false,
    })),
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableSortingRemoval: false,
    enableRowSelection: Boolean(exportSelected),
    state: {
      sorting: sort ? [{ id: sort.column, desc: sort.dir === "desc" }] : [],
      columnVisibility,
      rowSelection,
    },
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === "function" ? updater(columnVisibility) : updater;
      const params = new URLSearchParams(window.location.search);
      const hidden = Object.keys(next).filter((id) => next[id] === false);
      if (hidden.length) params.set(HIDE_PARAM, hidden.join(","));
      else params.delete(HIDE_PARAM);
      const qs = params.toString();
      // Next keeps useSearchParams in step with replaceState, without asking the server for the page again.
      window.history.replaceState(null, "", `${pathname}${qs ? `?${qs}` : ""}${window.location.hash}`);
    },
  });

  const sortHref = (column: Column<Row, unknown>) => {
    const params = new URLSearchParams(searchParams.toString());
    const dir = column.getNextSortingOrder() || "asc";
    params.set("sort", column.id);
    if (dir === sort?.firstDir[column.id]) params.delete("dir");
    else params.set("dir", dir);
    params.delete("page");
    return `${pathname}?${params.toString()}`;
  };

  const selected = table.getSelectedRowModel().rows;
  const exportRows = () => {
    if (!exportSelected) return;
    const visible = table.getVisibleLeafColumns();
    const csv = toCsv([
      visible.map((c) => c.columnDef.meta?.label ?? c.id),
      ...selected.map((row) => visible.map((c) => c.columnDef.meta?.csv?.(row.original) ?? "")),
    ]);
    downloadCsv(exportSelected.filename, csv);
  };

  const tableElement = (
    <table className="data">
      <caption className="sr-only">{caption}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const { column } = header;
              const sorted = column.getIsSorted();
              const label = column.columnDef.meta?.label ?? column.id;
              return (
                <th
                  key={header.id}
                  scope="col"
                  className={cellClass(column)}
                  aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                >
                  {column.id === selectIn ? <SelectAll table={table} /> : null}
                  {header.isPlaceholder ? null : column.getCanSort() ? (
                    <Link href={sortHref(column)} className="sort" aria-label={`Sort by ${label}`}>
                      {flexRender(column.columnDef.header, header.getContext())}
                      <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}</span>
                    </Link>
                  ) : (
                    flexRender(column.columnDef.header, header.getContext())
                  )}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} data-testid="row" aria-selected={exportSelected ? row.getIsSelected() : undefined}>
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} className={cell.column.id === selectIn ? styles.selectCell : cellClass(cell.column)}>
                {cell.column.id === selectIn ? (
                  <input
                    type="checkbox"
                    className={styles.check}
                    aria-label={`Select ${row.id}`}
                    checked={row.getIsSelected()}
                    onChange={row.getToggleSelectedHandler()}
                  />
                ) : null}
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <>
      {hideableColumns || exportSelected ? (
        <div className={styles.toolbar}>
          {exportSelected ? (
            <div className={styles.selection}>
              <span className="muted" aria-live="polite">
                {selected.length} selected
              </span>
              <button type="button" className="secondary" disabled={selected.length === 0} onClick={exportRows}>
                {exportSelected.label}
              </button>
            </div>
          ) : (
            <span />
          )}
          {hideableColumns ? <ColumnMenu table={table} /> : null}
        </div>
      ) : null}
      {scroll ? <div className="table-scroll">{tableElement}</div> : tableElement}
    </>
  );
}

function cellClass<Row>(column: Column<Row, unknown>): string | undefined {
  return column.columnDef.meta?.numeric ? "num" : undefined;
}

/** The header checkbox: every row of the page, mixed while only some are. */
function SelectAll<Row>({ table }: { table: Table<Row> }) {
  const ref = useRef<HTMLInputElement>(null);
  const some = table.getIsSomeRowsSelected();
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some;
  }, [some]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={styles.check}
      aria-label="Select all rows"
      checked={table.getIsAllRowsSelected()}
      onChange={table.getToggleAllRowsSelectedHandler()}
    />
  );
}

/** A small disclosure listing the columns with a checkbox each. */
function ColumnMenu<Row>({ table }: { table: Table<Row> }) {
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide());
  const hidden = columns.filter((c) => !c.getIsVisible()).length;
  return (
    <details className={styles.menu}>
      <summary>Columns{hidden ? ` (${hidden} hidden)` : ""}</summary>
      <fieldset>
        <legend className="sr-only">Visible columns</legend>
        {columns.map((column) => (
          <label key={column.id}>
            <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
            {column.columnDef.meta?.label ?? column.id}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
