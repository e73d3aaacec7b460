/**
 * Errors are values: every service returns a Result, and every failure a person can act on is an
 * AppError with a code from this list, a message naming the file (and row and column where there is
 * one), and structured details for the UI.
 */

export const errorCodes = [
  /** The input of a call does not match its schema. */
  'invalid_input',
  /** A file does not exist or cannot be read. */
  'file_not_found',
  'file_unreadable',
  /** The file is not a workbook, is damaged or truncated. */
  'not_a_workbook',
  'workbook_damaged',
  /** The workbook was written by a newer version of the app. */
  'workbook_too_new',
  /** Another SQLite program left a -wal or -journal file beside the workbook. */
  'workbook_has_journal',
  /** Another process has the workbook open: this one is read-only. */
  'workbook_locked',
  'workbook_read_only',
  /** Saving failed; the file on disk is unchanged. */
  'save_failed',
  'disk_full',
  /** An import file cannot be imported as a whole. */
  'import_unreadable',
  'import_not_a_table',
  'import_no_columns',
  'import_encrypted',
  'import_too_large',
  'import_no_rows',
  'import_duplicate',
  'import_bad_option',
  'unknown_batch',
  'unknown_sheet',
  /** No record of a dataset has the key asked for. */
  'unknown_record',
  /** A period string that cannot be read. */
  'invalid_period',
  'unknown_metric',
  /** The workbook lacks the data a figure is built from. */
  'no_data',
  'report_failed',
  'target_not_writable',
  'cancelled',
  'no_workbook',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface RowProblem {
  /** The row as a spreadsheet shows it: the header is row `headerRow`, the first data row follows. */
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * Thrown inside main/ to abandon an operation with a user-facing error; the service table turns it
 * into a failed Result, so it never crosses a process boundary as an exception.
 */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    this.details = details;
  }
  toError(): AppError {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

/** A row-level problem as a user can act on it (the row as their spreadsheet numbers it, the column, the value): `Row 17, column "Close Date": "31/02/2024" is not a date`. */
export function describeRowProblem(p: RowProblem): string {
  return `Row ${p.row}, column "${p.column}": ${p.value === '' ? 'empty' : JSON.stringify(p.value)} ${p.reason}`;
}
