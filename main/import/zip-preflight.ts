/**
 * ZIP pre-flight for XLSX files (RELIABILITY.md A6, D4): yauzl reads only the central directory, and
 * the archive is refused in milliseconds when its entry count, declared sizes or compression ratios
 * say "bomb". Parts are then read by name, in any order, with validateEntrySizes on, so a part that
 * inflates past its declared size is stopped at that size.
 */
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppFailure } from '../../shared/result';
import { MAX_ENTRIES, MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_INFLATED_BYTES, RATIO_CHECK_ABOVE_BYTES } from './limits';

export interface Zip {
  /** Entries by part name (no leading slash), as in the central directory. */
  readonly entries: ReadonlyMap<string, Entry>;
  open(entry: Entry): Promise<Readable>;
  close(): void;
}

const MB = (n: number): string => `${Math.round(n / (1024 * 1024)).toLocaleString('en-US')} MB`;

export async function openZip(path: string, fileName: string): Promise<Zip> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true });
  } catch (e) {
    throw damaged(fileName, e);
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) {
      throw new AppFailure('import_too_large', `${fileName} holds ${zip.entryCount.toLocaleString('en-US')} files inside; an Excel workbook has far fewer than ${MAX_ENTRIES.toLocaleString('en-US')}, so it was not opened`, { file: fileName });
    }
    const entries = new Map<string, Entry>();
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      check(entry, fileName);
      total += entry.uncompressedSize;
      if (total > MAX_TOTAL_INFLATED_BYTES) {
        throw new AppFailure('import_too_large', `${fileName} would inflate to more than ${MB(MAX_TOTAL_INFLATED_BYTES)}, so it was not opened (a file this size cannot hold that much real data)`, { file: fileName });
      }
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
    }
    return {
      entries,
      open: async (entry) => {
        try {
          return await zip.openReadStreamPromise(entry);
        } catch (e) {
          throw damaged(fileName, e);
        }
      },
      close: () => zip.close(),
    };
  } catch (e) {
    zip.close();
    if (e instanceof AppFailure) throw e;
    throw damaged(fileName, e);
  }
}

function check(entry: Entry, fileName: string): void {
  const part = entry.fileName;
  if (entry.isEncrypted()) {
    throw new AppFailure('import_encrypted', `${fileName} is encrypted: remove the password and import again`, { file: fileName, part });
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new AppFailure('import_unreadable', `${fileName} uses a compression this app cannot read (method ${entry.compressionMethod} in ${part}): open it in Excel and save it again`, { file: fileName, part });
  }
  if (entry.uncompressedSize > MAX_PART_BYTES) {
    throw new AppFailure('import_too_large', `${fileName}: the part ${part} inflates to ${MB(entry.uncompressedSize)}, over the limit of ${MB(MAX_PART_BYTES)}; split the data into smaller files`, { file: fileName, part });
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > RATIO_CHECK_ABOVE_BYTES && ratio > MAX_RATIO) {
    throw new AppFailure('import_too_large', `${fileName} looks like a ZIP bomb: the part ${part} claims to inflate ${Math.round(ratio).toLocaleString('en-US')} times (${MB(entry.uncompressedSize)}), more than real spreadsheet data does; it was not opened`, { file: fileName, part });
  }
}

/** Any ZIP-level failure, including a part that inflates to more than it declared, while reading. */
export function damaged(fileName: string, e: unknown): AppFailure {
  if (e instanceof AppFailure) return e;
  const why = e instanceof Error ? e.message : String(e);
  return new AppFailure('import_unreadable', `${fileName} is damaged or incomplete and cannot be read as an Excel workbook (${why}): open it in Excel and save it again`, { file: fileName });
}
