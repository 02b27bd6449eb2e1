import type { ReactNode } from "react";

/**
 * The heading of every page: its title, a line under it (counts, context) and the page's actions
 * (links styled as buttons). A description that needs a query streams in on its own (wrap it in
 * `<Suspense>` with a `<SkeletonText>`), so the title never waits for data.
 */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p>{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}
