/**
 * Tells what a file really is from its first bytes, whatever its extension says: a ZIP (XLSX), an
 * OLE2 compound file (a password-protected XLSX, or an old .xls), or text (CSV/TSV).
 */
import { open } from 'node:fs/promises';

export type Magic = 'zip' | 'ole2' | 'text';
export type Ole2Kind = 'encrypted' | 'xls' | 'other';

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function sniffMagic(head: Buffer): Magic {
  // Local file header, or the end-of-central-directory record an empty archive starts with.
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) {
    return 'zip';
  }
  if (head.length >= 8 && head.subarray(0, 8).equals(OLE2_MAGIC)) return 'ole2';
  return 'text';
}

const ENCRYPTED_STREAMS = new Set(['EncryptionInfo', 'EncryptedPackage']);
const XLS_STREAMS = new Set(['Workbook', 'Book']);
/** Compound-file directory entries are 128 bytes, in sectors of 512 or 4096 bytes after the 512-byte header. */
const DIR_ENTRY = 128;
const SCAN_CHUNK = 1024 * 1024;

/**
 * Finds the stream names of an OLE2 file by looking at every 128-byte-aligned slot for a directory
 * entry (a UTF-16LE name followed by its byte length at offset 64). This avoids walking the FAT. It is
 * a heuristic: a stream whose contents hold one of the names sought, in UTF-16LE at a 128-byte
 * boundary with a plausible length beside it, would be read as an entry too.
 */
export async function classifyOle2(path: string, maxBytes: number): Promise<Ole2Kind> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SCAN_CHUNK);
    let xls = false;
    for (let pos = 512; pos < maxBytes; pos += SCAN_CHUNK) {
      const { bytesRead } = await handle.read(buf, 0, SCAN_CHUNK, pos);
      if (bytesRead < DIR_ENTRY) break;
      for (let o = 0; o + DIR_ENTRY <= bytesRead; o += DIR_ENTRY) {
        const name = entryName(buf, o);
        if (name === undefined) continue;
        if (ENCRYPTED_STREAMS.has(name)) return 'encrypted';
        if (XLS_STREAMS.has(name)) xls = true;
      }
    }
    return xls ? 'xls' : 'other';
  } finally {
    await handle.close();
  }
}

function entryName(buf: Buffer, o: number): string | undefined {
  const len = buf.readUInt16LE(o + 64);
  // The length counts the terminating NUL; names are 1..31 characters.
  if (len < 4 || len > 64 || len % 2 !== 0) return undefined;
  if (buf.readUInt16LE(o + len - 2) !== 0) return undefined;
  const name = buf.toString('utf16le', o, o + len - 2);
  return /^[ -~]+$/.test(name) ? name : undefined;
}
