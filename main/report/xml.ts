/**
 * The few XML helpers the package surgery needs: escaping for the XML we write, and the elements of
 * a part we read, parsed by saxes, each with the offset of its `<` so that an edit can splice there.
 */
import { SaxesParser } from 'saxes';
import { AppFailure } from '../../shared/result';

/** Characters XML 1.0 forbids (C0 controls except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(invalidXmlChars, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export interface XmlElement {
  /** The name as written, prefix included. */
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** 0 for the root element, 1 for its children, and so on. */
  readonly depth: number;
  /** Offset of the `<` that opens the element. */
  readonly start: number;
}

/** The elements of `xml` in document order; `part` names it when it is not well-formed. */
export function elements(xml: string, part: string): XmlElement[] {
  const parser = new SaxesParser();
  const out: XmlElement[] = [];
  let depth = 0;
  parser.on('error', (e) => {
    throw new AppFailure('report_failed', `The report part ${part} is not well-formed XML: ${e.message}`);
  });
  parser.on('opentag', (tag) => {
    // The parser stands just past the tag's `>`, and no `<` can stand inside a tag.
    out.push({ name: tag.name, attrs: tag.attributes, depth, start: xml.lastIndexOf('<', parser.position - 1) });
    depth++;
  });
  parser.on('closetag', () => {
    depth--;
  });
  parser.write(xml).close();
  return out;
}
