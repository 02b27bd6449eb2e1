import type { ReactNode } from "react";

/**
 * A titled card of a page. `id` names its heading (`${id}-heading`, the section's accessible name and
 * an anchor); `aside` sits on the heading's line (a legend, a link).
 */
export function Panel({
  id,
  title,
  aside,
  className,
  children,
  testId,
}: {
  id: string;
  title: ReactNode;
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  const heading = <h2 id={`${id}-heading`}>{title}</h2>;
  return (
    <section
      className={className ? `panel ${className}` : "panel"}
      aria-labelledby={`${id}-heading`}
      data-testid={testId}
    >
      {aside ? (
        <div className="panel-header">
          {heading}
          {aside}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
