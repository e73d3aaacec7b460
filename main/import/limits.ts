/**
 * Safety limits of the file readers. Each number is a ceiling a real export stays far below; past it
 * the file is refused before it can exhaust memory or time.
 */

const MiB = 1024 * 1024;

/** Largest CSV/TSV file: it is streamed, so this bounds time, not memory. */
export const MAX_CSV_BYTES = 2 * 1024 * MiB;
/** Largest XLSX file (compressed). */
export const MAX_XLSX_BYTES = 200 * MiB;
/** Longest CSV record (all its fields and delimiters), in characters: a multi-megabyte line is not a table. */
export const MAX_RECORD_CHARS = MiB;
/** Excel's column limit (XFD). */
export const MAX_COLUMNS = 16_384;
/** Most data rows one import may hold. */
export const MAX_ROWS = 5_000_000;

/** ZIP pre-flight: largest inflated part, declared or real. */
export const MAX_PART_BYTES = 500 * MiB;
/** ZIP pre-flight: largest inflated size of all parts together, declared. */
export const MAX_TOTAL_INFLATED_BYTES = 1024 * MiB;
/** ZIP pre-flight: highest inflated/compressed ratio for parts inflating past RATIO_CHECK_ABOVE_BYTES. */
export const MAX_RATIO = 100;
export const RATIO_CHECK_ABOVE_BYTES = MiB;
/** ZIP pre-flight: most entries in the archive. */
export const MAX_ENTRIES = 10_000;
/** Shared strings are held in memory while a sheet is read: cap their part and their count. */
export const MAX_SHARED_STRINGS_BYTES = 200 * MiB;
export const MAX_SHARED_STRINGS = MAX_ROWS;
/** Small XLSX parts (workbook, relationships, styles) are read whole; none is legitimately this big. */
export const MAX_SMALL_PART_BYTES = 50 * MiB;

/** Bytes looked at to tell the file's kind and encoding, and to check for binary data. */
export const SNIFF_BYTES = 64 * 1024;
/** Bytes validated as UTF-8 before a file is decoded as UTF-8 rather than Windows-1252. */
export const ENCODING_SAMPLE_BYTES = MiB;
/** Rows (blank rows not counted) examined to find the header row under title rows. */
export const HEADER_SCAN_ROWS = 30;
/** Data rows handed to the pipeline at a time. */
export const BATCH_ROWS = 5_000;
