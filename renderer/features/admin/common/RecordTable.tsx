import type { ReactNode } from 'react';
import { errorText } from '../../../app/api';
import { useT } from '../../../i18n';

type Props<R> = Readonly<{
  /** The hub's rows; undefined until the first answer. */
  rows: readonly R[] | undefined;
  error: unknown;
  isLoading?: boolean;
  /** Said instead of an empty table. */
  emptyText: string;
  /** Column headings, in order; a last column without a heading holds each row's buttons. */
  columns: readonly string[];
  /** The buttons column's name for screen readers (it shows no heading). */
  actionsLabel: string;
  /** The table's look (its cells are the caller's, and so is their CSS). */
  className?: string;
  /** One <tr> a row, with a cell a column plus the buttons cell. */
  children: (row: R) => ReactNode;
}>;

/** A list the hub keeps, as a table: its error, "Loading…", the empty line, or the rows under their headings. */
export function RecordTable<R>({ rows, error, isLoading, emptyText, columns, actionsLabel, className, children }: Props<R>) {
  const { t } = useT();
  return (
    <>
      {error ? <p className="inline-error pad">{errorText(error)}</p> : null}
      {isLoading && <p className="muted pad">{t('loading')}</p>}
      {rows && rows.length === 0 && <p className="empty pad">{emptyText}</p>}
      {rows && rows.length > 0 && (
        <table className={className}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{actionsLabel}</span>
              </th>
            </tr>
          </thead>
          <tbody>{rows.map(children)}</tbody>
        </table>
      )}
    </>
  );
}
