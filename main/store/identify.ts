import { basename } from 'node:path';
import type { Database } from 'sql.js';
import { AppFailure } from '../../shared/result';
import { APPLICATION_ID, SCHEMA_VERSION } from './schema';
import { errnoCode, io } from './fsio';

/**
 * The largest workbook this build opens. sql.js holds the whole database in memory and makes a
 * second full copy to save; past ~3.6 GB it stops making progress without an error,
 * and Node reads at most 2 GiB into one buffer. 1.5 GiB leaves room for both copies.
 */
export const MAX_WORKBOOK_BYTES = 1.5 * 1024 ** 3;

const MAGIC = 'SQLite format 3\0';
const HEADER_BYTES = 100;

const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

const startsWith = (b: Uint8Array, prefix: readonly number[]): boolean => prefix.every((byte, i) => b[i] === byte);

const importHint = 'To use its data, import it into a workbook instead (Import in the app, or `kpiw import`).';

/** What a file that is not SQLite at all most likely is, so the message can say what to do. */
function looksLike(b: Uint8Array): { what: string; hint: string } | null {
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return { what: 'an Excel (.xlsx) file or another ZIP archive', hint: importHint };
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return { what: 'an old-style Excel (.xls) or other Office file', hint: 'Save it as .xlsx or CSV, then import it into a workbook.' };
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return { what: 'a PDF document', hint: '' };
  const head = b.subarray(0, 4096);
  if (head.includes(0)) return null;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (/[,;\t]/.test(firstLine)) return { what: 'a CSV file', hint: importHint };
  return { what: 'a text file', hint: '' };
}

function notAWorkbook(name: string, b: Uint8Array, why: string): AppFailure {
  const guess = looksLike(b);
  const message = guess
    ? `${name} is not a KPI Workbook file: it looks like ${guess.what}.${guess.hint ? ` ${guess.hint}` : ''}`
    : `${name} is not a KPI Workbook file (${why}).`;
  return new AppFailure('not_a_workbook', message, { file: name, ...(guess ? { looksLike: guess.what } : {}) });
}

const damaged = (name: string, why: string, details: Record<string, unknown> = {}): AppFailure =>
  new AppFailure(
    'workbook_damaged',
    `${name} is damaged and cannot be opened: ${why}. The file has not been changed; its previous version may be in ${name}.bak.`,
    {
      file: name,
      ...details,
    },
  );

/**
 * Checks the 100-byte SQLite header against the file's real size, before
 * sql.js sees the bytes: sql.js happily "opens" an empty or foreign file and fails only later.
 */
export function checkHeader(path: string, bytes: Uint8Array): { userVersion: number } {
  const name = basename(path);
  if (bytes.length === 0) throw new AppFailure('not_a_workbook', `${name} is empty (0 bytes); it is not a KPI Workbook file.`, { file: name });
  const magic = [...MAGIC].map((c) => c.charCodeAt(0));
  if (!startsWith(bytes, magic.slice(0, Math.min(magic.length, bytes.length)))) throw notAWorkbook(name, bytes, 'no SQLite header');
  if (bytes.length < HEADER_BYTES) throw damaged(name, `it is only ${bytes.length} bytes long, shorter than its own header`);

  const rawPageSize = u16(bytes, 16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw damaged(name, `its header names an impossible page size (${rawPageSize})`);
  if (bytes.length % pageSize !== 0)
    throw damaged(name, `its size (${bytes.length} bytes) is not a whole number of ${pageSize}-byte pages, so it was probably cut short`);
  const pages = bytes.length / pageSize;
  const headerPages = u32(bytes, 28);
  const headerPagesValid = headerPages > 0 && u32(bytes, 24) === u32(bytes, 92);
  if (headerPagesValid && headerPages !== pages)
    throw damaged(name, `its header says ${headerPages} pages but the file holds ${pages}, so it was probably cut short`, { headerPages, pages });
  if (bytes[19]! > 2) throw damaged(name, `its header asks for SQLite file format ${bytes[19]}, which no SQLite version reads`);

  const applicationId = u32(bytes, 68);
  if (applicationId !== APPLICATION_ID)
    throw new AppFailure('not_a_workbook', `${name} is an SQLite database from another program (application id ${applicationId}), not a KPI Workbook file.`, {
      file: name,
      applicationId,
    });
  const userVersion = u32(bytes, 60);
  if (userVersion > SCHEMA_VERSION)
    throw new AppFailure(
      'workbook_too_new',
      `${name} was saved by a newer KPI Workbook (file version ${userVersion}; this app reads up to version ${SCHEMA_VERSION}). Install a newer version of KPI Workbook to open it.`,
      { file: name, version: userVersion, supported: SCHEMA_VERSION },
    );
  return { userVersion };
}

/**
 * Refuses a workbook with a non-empty `-wal` or `-journal` beside it: sql.js cannot see them, so it
 * would show half-applied or missing changes and the next save would make that permanent. The sibling
 * is another program's business; it is never deleted.
 */
export async function checkSidecars(path: string): Promise<void> {
  const name = basename(path);
  for (const suffix of ['-wal', '-journal']) {
    const sidecar = `${path}${suffix}`;
    let size: number;
    try {
      size = (await io().stat(sidecar)).size;
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new AppFailure('file_unreadable', `Cannot check ${basename(sidecar)} beside ${name}: ${code ?? String(e)}.`, { file: name });
    }
    if (size > 0)
      throw new AppFailure(
        'workbook_has_journal',
        `${basename(sidecar)} lies beside ${name}: another SQLite program was changing the workbook and did not finish. ` +
          `Open it once with that program (or the sqlite3 tool) so it can finish or undo the change, then try again. Nothing was changed or deleted.`,
        { file: name, sidecar: basename(sidecar), sidecarBytes: size },
      );
  }
}

/** What `PRAGMA quick_check` says: `why` is a phrase for a message, `problems` its first lines as SQLite wrote them. */
export type Integrity = { readonly ok: true } | { readonly ok: false; readonly why: string; readonly problems: readonly string[] };

/** `PRAGMA quick_check`: the only thing that notices a scrambled b-tree page. */
export function integrityOf(db: Database): Integrity {
  let rows: string[];
  try {
    rows = (db.exec('PRAGMA quick_check')[0]?.values ?? []).map((row) => String(row[0]));
  } catch (e) {
    return { ok: false, why: `SQLite's integrity check fails ("${(e as Error).message}")`, problems: [] };
  }
  if (rows.length === 1 && rows[0] === 'ok') return { ok: true };
  return { ok: false, why: `SQLite's integrity check reports "${rows[0] ?? 'no answer'}"`, problems: rows.slice(0, 10) };
}

/** Refuses a workbook whose database quick_check finds damaged. */
export function checkIntegrity(path: string, db: Database): void {
  const result = integrityOf(db);
  if (!result.ok) throw damaged(basename(path), result.why, result.problems.length ? { problems: result.problems } : {});
}
