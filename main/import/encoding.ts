/**
 * Text encoding of a CSV/TSV file: byte-order marks first, then UTF-16 without a BOM (every other
 * byte NUL), then UTF-8 validated strictly on a sample, else Windows-1252 (what the WHATWG standard
 * decodes "latin1" as; real files use its 0x80-0x9F characters: € and curly quotes).
 */
import { TextDecoder } from 'node:util';
import { SNIFF_BYTES } from './limits';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const DECODER_LABEL: Record<TextEncoding, string> = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252',
};

/**
 * `sample` is the start of the file; `complete` says it is the whole file, so a multi-byte character
 * cut at its end is an error rather than the edge of the sample. Returns 'binary' for data that is
 * not text in any of our encodings.
 */
export function detectEncoding(sample: Buffer, complete: boolean): TextEncoding | 'binary' {
  const encoding = guessEncoding(sample, complete);
  if (encoding === 'binary') return 'binary';
  const head = decoderFor(encoding).decode(sample.subarray(0, SNIFF_BYTES), { stream: true });
  return looksBinary(head) ? 'binary' : encoding;
}

function guessEncoding(sample: Buffer, complete: boolean): TextEncoding | 'binary' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const head = sample.subarray(0, SNIFF_BYTES);
  const pairs = Math.floor(head.length / 2);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  if (evenNul + oddNul > 0) {
    // Mostly-ASCII UTF-16 has a NUL in the high byte of nearly every character, and none in the low.
    if (oddNul > pairs * 0.4 && evenNul === 0) return 'utf-16le';
    if (evenNul > pairs * 0.4 && oddNul === 0) return 'utf-16be';
    return 'binary';
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** NUL or more than 1% control characters other than tab, line breaks and form feed. */
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) controls++;
  }
  return controls > text.length / 100;
}

/**
 * A decoder that drops the byte-order mark. Always call `decode(chunk, { stream: true })`, then
 * `decode()` once at the end: besides keeping characters split across chunks whole, Node 20's one-shot
 * windows-1252 decode (no `stream`) is wrong, it drops bytes 0x80-0x9F (measured on v20.20:
 * `decode(Buffer.from([0x41, 0x80, 0x42]))` gives "AB"; the streaming call gives "A€B").
 */
export function decoderFor(encoding: TextEncoding): TextDecoder {
  return new TextDecoder(DECODER_LABEL[encoding]);
}
