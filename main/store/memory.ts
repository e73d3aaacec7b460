import type { Database } from 'sql.js';
import { loadSqlJs } from './sqljs';
import { migrate } from './schema';

/** A fresh workbook database in memory, at the current schema (tests, the demo generator). */
export async function memoryDatabase(): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('PRAGMA foreign_keys = ON');
  migrate(db);
  return db;
}
