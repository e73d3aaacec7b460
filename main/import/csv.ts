/**
 * CSV/TSV reading: delimiter detection on a sample, then a streaming parse (file stream -> streaming
 * text decoder -> record splitter) that never holds the file in one string. Rows are numbered by record, as a
 * spreadsheet shows them (a quoted newline does not start a new row; a blank line is a row).
 */
import { createReadStream } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppFailure } from '../../shared/result';
import { CsvRecords, CsvSyntaxError } from './csv-records';
import { decoderFor, type TextEncoding } from './encoding';
import { MAX_COLUMNS, MAX_RECORD_CHARS } from './limits';
import { cancelled, type RawRow, type RowReader } from './table-shape';

export type Delimiter = ',' | ';' | '\t' | '|';
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/**
 * Picks the delimiter that splits the most sample records into the same number (2 or more) of fields,
 * on a tie the one giving more fields. The sample is split by the same record reader as the import,
 * so a quote counts only where the import reads one (`12" oven` is text). Undefined when no record
 * has two fields: the file is one column, or not a table.
 */
export function detectDelimiter(sample: string, sampleIsWholeFile: boolean): Delimiter | undefined {
  let best: { d: Delimiter; lines: number; fields: number; records: number } | undefined;
  for (const d of DELIMITERS) {
    const counts = fieldCounts(sample, d, sampleIsWholeFile);
    const freq = new Map<number, number>();
    for (const n of counts) if (n > 1) freq.set(n, (freq.get(n) ?? 0) + 1);
    for (const [fields, lines] of freq) {
      if (best === undefined || lines > best.lines || (lines === best.lines && fields > best.fields)) best = { d, lines, fields, records: counts.length };
    }
  }
  // One line with a comma in a file of several is prose, not a table.
  if (best === undefined || best.lines < Math.min(2, best.records)) return undefined;
  return best.d;
}

/** Fields per record (blank lines left out); an unfinished last record of a partial sample is dropped. */
function fieldCounts(text: string, delimiter: Delimiter, whole: boolean): number[] {
  const parser = new CsvRecords(delimiter, MAX_RECORD_CHARS);
  const records = parser.push(text, false);
  if (whole) {
    try {
      records.push(...parser.push('', true));
    } catch (e) {
      // A quote left open: the records before it still tell the delimiter, and the import names the row.
      if (!(e instanceof CsvSyntaxError)) throw e;
    }
  }
  return records.filter((cells) => cells.length > 1 || cells[0] !== '').map((cells) => cells.length);
}

/** Reads the records of a CSV file, skipping blank ones; `fileName` is for messages. */
export function csvReader(path: string, fileName: string, fileSize: number, encoding: TextEncoding, delimiter: Delimiter): RowReader {
  let done = 0;
  let replaced = 0;
  // Only the first MiB was validated as UTF-8; a stray byte later decodes as U+FFFD, counted here.
  const checkReplaced = encoding === 'utf-8' || encoding === 'utf-8-bom';
  return {
    progress: () => ({ done, total: fileSize }),
    notes: () =>
      replaced === 0
        ? []
        : [
            `${replaced.toLocaleString('en-US')} ${replaced === 1 ? 'character was' : 'characters were'} not valid UTF-8 and ${replaced === 1 ? 'was' : 'were'} read as \uFFFD (save the file as UTF-8 to keep ${replaced === 1 ? 'it' : 'them'})`,
          ],
    async *rows(signal?: AbortSignal): AsyncGenerator<RawRow[]> {
      done = 0;
      replaced = 0;
      const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
      const decoder = decoderFor(encoding);
      const parser = new CsvRecords(delimiter, MAX_RECORD_CHARS);
      let count = 0;
      const take = (records: string[][]): RawRow[] => {
        const out: RawRow[] = [];
        for (const cells of records) {
          count++;
          if (cells.length > MAX_COLUMNS) {
            throw new AppFailure(
              'import_too_large',
              `${fileName}: row ${count} has ${cells.length.toLocaleString('en-US')} columns; the most a table can have is ${MAX_COLUMNS.toLocaleString('en-US')}`,
              { file: fileName, row: count },
            );
          }
          if (!isBlank(cells)) out.push({ row: count, cells });
        }
        return out;
      };
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (signal?.aborted) throw cancelled(fileName);
          done += chunk.length;
          const text = decoder.decode(chunk, { stream: true });
          if (checkReplaced) for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) replaced++;
          const out = take(parser.push(text, false));
          if (out.length > 0) yield out;
          // Lets a cancel or a progress message through between chunks.
          await nextTurn();
        }
        const out = take(parser.push(decoder.decode(), true));
        if (out.length > 0) yield out;
      } catch (e) {
        if (e instanceof AppFailure) throw e;
        if (e instanceof CsvSyntaxError) throw csvFailure(e, fileName);
        throw new AppFailure('import_unreadable', `${fileName} could not be read: ${(e as Error).message}`, { file: fileName });
      } finally {
        stream.destroy();
      }
    },
  };
}

function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

function csvFailure(e: CsvSyntaxError, fileName: string): AppFailure {
  const row = e.record;
  const details = { file: fileName, row };
  if (e.kind === 'quote_not_closed') {
    return new AppFailure(
      'import_unreadable',
      `${fileName}: row ${row} opens a quoted field that is never closed, so the rest of the file would be one cell; fix the quote marks in row ${row} and import again`,
      details,
    );
  }
  return new AppFailure(
    'import_too_large',
    `${fileName}: row ${row} is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; this does not look like a table export`,
    details,
  );
}
