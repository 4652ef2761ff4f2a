import type { ReactNode } from 'react';

/** A screen's title line: the title, an optional count, and its actions on the right. */
export function SectionHeader({ title, count, children }: Readonly<{ title: string; count?: number; children?: ReactNode }>) {
  return (
    <div className="adm-section-head">
      <h2>
        {title}
        {count !== undefined && <span className="adm-count">{count}</span>}
      </h2>
      {children && <div className="adm-section-actions">{children}</div>}
    </div>
  );
}
