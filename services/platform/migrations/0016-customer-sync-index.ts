import type { Migration } from '../../store/migration';

/**
 * Incremental customer sync (`GET /api/v1/customers?cursor=`) walks customers by last change, then id.
 * Without this index every page would scan the whole customer table.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'customer-sync-index',
  sql: `
CREATE INDEX customer_changed ON customer(COALESCE(updated_at, created_at), id);
`,
  // PostgreSQL wants an expression in an index's column list in its own parentheses.
  postgres: `CREATE INDEX customer_changed ON customer((COALESCE(updated_at, created_at)), id)`,
};
