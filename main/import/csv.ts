/**
 * CSV/TSV reading: delimiter detection on a sample, then a streaming parse (file stream -> streaming
 * text decoder -> csv-parse) that never holds the file in one string. Rows are numbered by record, as a
 * spreadsheet shows them (a quoted newline does not start a new row; a blank line is a row).
 */
import { createReadStream } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse, CsvError } from 'csv-parse';
import { AppFailure } from '../../shared/result';
import { decoderFor, type TextEncoding } from './encoding';
import { MAX_COLUMNS, MAX_RECORD_CHARS } from './limits';
import { cancelled, type RawRow, type RowReader } from './table-shape';

export type Delimiter = ',' | ';' | '\t' | '|';
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/**
 * Picks the delimiter that splits the most sample lines into the same number (2 or more) of fields,
 * counting only delimiters outside quotes; on a tie, the one giving more fields. Undefined when no
 * line has two fields: the file is one column, or not a table.
 */
export function detectDelimiter(sample: string, sampleIsWholeFile: boolean): Delimiter | undefined {
  let best: { d: Delimiter; lines: number; fields: number } | undefined;
  let records = 0;
  for (const d of DELIMITERS) {
    const counts = fieldCounts(sample, d, sampleIsWholeFile);
    records = counts.length;
    const freq = new Map<number, number>();
    for (const n of counts) if (n > 1) freq.set(n, (freq.get(n) ?? 0) + 1);
    for (const [fields, lines] of freq) {
      if (best === undefined || lines > best.lines || (lines === best.lines && fields > best.fields)) best = { d, lines, fields };
    }
  }
  // One line with a comma in a file of several is prose, not a table.
  if (best === undefined || best.lines < Math.min(2, records)) return undefined;
  return best.d;
}

/** Fields per record (blank lines left out); an unfinished last record of a partial sample is dropped. */
function fieldCounts(text: string, delimiter: string, whole: boolean): number[] {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      empty = false;
    } else if (inQuotes) {
      continue;
    } else if (ch === delimiter) {
      fields++;
      empty = false;
    } else if (ch === '\n' || ch === '\r') {
      if (!empty) counts.push(fields);
      fields = 1;
      empty = true;
    } else {
      empty = false;
    }
  }
  if (whole && !empty) counts.push(fields);
  return counts;
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
      replaced === 0 ? [] : [`${replaced.toLocaleString('en-US')} ${replaced === 1 ? 'character was' : 'characters were'} not valid UTF-8 and ${replaced === 1 ? 'was' : 'were'} read as \uFFFD (save the file as UTF-8 to keep ${replaced === 1 ? 'it' : 'them'})`],
    async *rows(signal?: AbortSignal): AsyncGenerator<RawRow[]> {
      done = 0;
      replaced = 0;
      const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
      const decoder = decoderFor(encoding);
      const parser = parse({
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        max_record_size: MAX_RECORD_CHARS,
      });
      let records: string[][] = [];
      let failure: unknown;
      let ended = false;
      parser.on('data', (r: string[]) => records.push(r));
      parser.on('error', (e: unknown) => {
        failure = e;
      });
      parser.on('end', () => {
        ended = true;
      });
      let count = 0;
      const take = (): RawRow[] => {
        const out: RawRow[] = [];
        for (const cells of records) {
          count++;
          if (cells.length > MAX_COLUMNS) {
            throw new AppFailure('import_too_large', `${fileName}: row ${count} has ${cells.length.toLocaleString('en-US')} columns; the most a table can have is ${MAX_COLUMNS.toLocaleString('en-US')}`, { file: fileName, row: count });
          }
          if (cells.some((c) => c.trim() !== '')) out.push({ row: count, cells });
        }
        records = [];
        if (failure !== undefined) throw csvFailure(failure, fileName, count + 1);
        return out;
      };
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (signal?.aborted) throw cancelled(fileName);
          done += chunk.length;
          const text = decoder.decode(chunk, { stream: true });
          if (checkReplaced) for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) replaced++;
          parser.write(text);
          await nextTurn();
          const out = take();
          if (out.length > 0) yield out;
        }
        parser.end(decoder.decode());
        while (!ended && failure === undefined) await nextTurn();
        const out = take();
        if (out.length > 0) yield out;
      } catch (e) {
        if (e instanceof AppFailure) throw e;
        throw new AppFailure('import_unreadable', `${fileName} could not be read: ${(e as Error).message}`, { file: fileName });
      } finally {
        stream.destroy();
        parser.destroy();
      }
    },
  };
}

/** csv-parse reports where the file ended; the row that failed is the record after the last good one. */
function csvFailure(e: unknown, fileName: string, row: number): AppFailure {
  const details = { file: fileName, row };
  if (!(e instanceof CsvError)) return new AppFailure('import_unreadable', `${fileName}, row ${row}: ${(e as Error).message}`, details);
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new AppFailure('import_unreadable', `${fileName}: row ${row} opens a quoted field that is never closed, so the rest of the file would be one cell; fix the quote marks in row ${row} and import again`, details);
    case 'CSV_MAX_RECORD_SIZE':
      return new AppFailure('import_too_large', `${fileName}: row ${row} is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; this does not look like a table export`, details);
    default:
      return new AppFailure('import_unreadable', `${fileName}, row ${row}: ${e.message}`, details);
  }
}
