/**
 * What a reader hands the normalisers: one spreadsheet cell. CSV cells are strings; XLSX cells keep
 * their numbers and booleans, and XLSX date cells arrive as ISO text (`YYYY-MM-DD[THH:MM:SS]`).
 */
export type Cell = string | number | boolean | null;

/** Every parser answers with a value or with a reason that reads well after the value ("is not a date"). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

const missingSpellings = new Set(['', 'na', 'n/a', 'null', '-', '#n/a', 'nan', '—', '–']);

/** True for an empty cell and for the spellings exports use for "no value" (NA, N/A, null, -, #N/A, blanks). */
export function isMissing(cell: Cell): boolean {
  if (cell === null) return true;
  if (typeof cell !== 'string') return false;
  // Called for every cell of an import: longer than any spelling and not padded is most cells, decided without copying.
  if (cell.length > 4 && isPrintableAscii(cell.charCodeAt(0)) && isPrintableAscii(cell.charCodeAt(cell.length - 1))) return false;
  return missingSpellings.has(cell.trim().toLowerCase());
}

const isPrintableAscii = (code: number): boolean => code > 32 && code < 127;

/** The cell as text, trimmed (numbers in their shortest JavaScript form, booleans as TRUE/FALSE). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'number') return String(cell);
  return cell.trim();
}

/** Letters and digits only, lower-case: 'Close Date', 'close_date', 'CloseDate' and 'CLOSE-DATE' meet here. */
export function squash(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
