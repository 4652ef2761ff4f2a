import { describe, expect, it } from 'vitest';
import { join, raw, sql } from '../../../services/store/sql';

describe('sql tagged template', () => {
  it('binds every interpolated value as a parameter', () => {
    const name = "Robert'); DROP TABLE customer;--";
    const q = sql`SELECT * FROM customer WHERE display_name = ${name} AND id > ${3}`;
    expect(q.text).toBe('SELECT * FROM customer WHERE display_name = ? AND id > ?');
    expect(q.values).toEqual([name, 3]);
  });

  it('maps booleans, undefined and objects to SQLite values', () => {
    const q = sql`VALUES (${true}, ${false}, ${undefined}, ${{ a: 1 }})`;
    expect(q.values).toEqual([1, 0, null, '{"a":1}']);
  });

  it('splices nested queries, joins and raw identifiers', () => {
    const ids = [1, 2, 3].map((id) => sql`${id}`);
    const q = sql`SELECT ${raw('id')} FROM t WHERE id IN (${join(ids)}) AND ${sql`x = ${'y'}`}`;
    expect(q.text).toBe('SELECT id FROM t WHERE id IN (?, ?, ?) AND x = ?');
    expect(q.values).toEqual([1, 2, 3, 'y']);
  });
});
