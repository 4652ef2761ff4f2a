import type { SettingsSection } from '../contracts';
import type { Connection, Store } from '../store/store';
import { sql } from '../store/sql';

export type StoredSection = Readonly<{
  section: SettingsSection;
  value: Readonly<Record<string, unknown>>;
  updatedAt: number;
  updatedBy: string | null;
}>;

type Row = { section: SettingsSection; value: string; updated_at: number; updated_by: string | null };

/** Every section saved on screen, with who saved it last (username). */
export async function storedSections(store: Pick<Store, 'all'>): Promise<StoredSection[]> {
  const rows = await store.all<Row>(
    sql`SELECT s.section, s.value, s.updated_at, a.username AS updated_by
        FROM setting_section s LEFT JOIN agent a ON a.id = s.updated_by ORDER BY s.section`,
  );
  return rows.map((r) => ({
    section: r.section,
    value: JSON.parse(r.value) as Record<string, unknown>,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

export async function storedSection(store: Pick<Store, 'all'>, section: SettingsSection): Promise<StoredSection | undefined> {
  return (await storedSections(store)).find((s) => s.section === section);
}

export async function saveSection(
  tx: Pick<Connection, 'run'>,
  row: Readonly<{ section: SettingsSection; value: unknown; at: number; by: number }>,
): Promise<void> {
  await tx.run(
    sql`INSERT INTO setting_section (section, value, updated_at, updated_by) VALUES (${row.section}, ${JSON.stringify(row.value)}, ${row.at}, ${row.by})
        ON CONFLICT (section) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
}
