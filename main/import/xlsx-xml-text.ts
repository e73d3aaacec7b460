/**
 * The character-level rules of XML that the worksheet scanner needs: entity references (only the
 * five predefined ones and character references: a document-defined entity is an error, so no
 * "billion laughs" can expand) and line-end normalisation (CR LF and lone CR read as LF).
 */

import { AppFailure } from '../../shared/result';

/** Thrown by these helpers; the scanner turns it into the file's "not valid XML" refusal. */
export class XmlSyntaxError extends Error {}

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function reference(body: string): string {
  const named = Object.hasOwn(NAMED, body) ? NAMED[body] : undefined;
  if (named !== undefined) return named;
  let cp: number;
  if (/^#[0-9]{1,8}$/.test(body)) cp = parseInt(body.slice(1), 10);
  else if (/^#x[0-9A-Fa-f]{1,7}$/.test(body)) cp = parseInt(body.slice(2), 16);
  else throw new XmlSyntaxError(`undefined entity &${body.slice(0, 40)};`);
  if (!isXmlChar(cp)) throw new XmlSyntaxError(`&${body}; is not a character XML allows`);
  return String.fromCodePoint(cp);
}

/** Literal text (CDATA) with its line ends normalised; characters XML forbids are refused. */
export function normaliseXmlText(s: string): string {
  let cr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32) {
      if (c === 13) cr = true;
      else if (c !== 9 && c !== 10) throw forbidden(c);
    } else if (c >= 0xfffe && c <= 0xffff) throw forbidden(c);
  }
  return cr ? s.replace(/\r\n?/g, '\n') : s;
}

const forbidden = (c: number): XmlSyntaxError =>
  new XmlSyntaxError(`the character U+${c.toString(16).toUpperCase().padStart(4, '0')}, which XML does not allow`);

/** Text with its references replaced and its line ends normalised (the whole text, not a fragment). */
export function decodeXmlText(raw: string): string {
  const s = normaliseXmlText(raw);
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0) throw new XmlSyntaxError('an "&" that starts no entity (write it as &amp;)');
    out += s.slice(from, amp) + reference(s.slice(amp + 1, semi));
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

/**
 * Where a text fragment that ends a chunk can safely be cut: before an unfinished reference or a
 * trailing CR (its LF may start the next chunk). Everything from the returned index is carried over.
 */
export function safeTextEnd(s: string, from: number, to: number): number {
  let end = to;
  if (end > from && s.charCodeAt(end - 1) === 13) end--;
  const amp = s.lastIndexOf('&', end - 1);
  if (amp >= from && s.indexOf(';', amp) < 0) end = amp;
  return end;
}

export function notValidXml(fileName: string, part: string, why: string): AppFailure {
  return new AppFailure('import_unreadable', `${fileName} is damaged: ${part} is not valid XML (${why}); open it in Excel and save it again`, {
    file: fileName,
    part,
  });
}
