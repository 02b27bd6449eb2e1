"use client";

import { useSearchParams } from "next/navigation";

/**
 * Hidden inputs that carry URL parameters a filter form does not edit (the table's hidden columns)
 * through its submission. Read on the client: the table changes them without a server render.
 */
export function KeptParams({ names }: { names: readonly string[] }) {
  const searchParams = useSearchParams();
  return names.map((name) => {
    const value = searchParams.get(name);
    return value ? <input key={name} type="hidden" name={name} value={value} /> : null;
  });
}
