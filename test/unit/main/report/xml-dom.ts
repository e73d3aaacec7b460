/**
 * Test helpers: a strict DOM parse of package parts (any XML error fails the test) and small
 * namespace-aware lookups, so assertions read the XML as Excel would rather than by regex.
 */
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  rels: 'http://schemas.openxmlformats.org/package/2006/relationships',
  types: 'http://schemas.openxmlformats.org/package/2006/content-types',
};

export function parseXml(xml: string, what: string): Document {
  const fail = (msg: string): never => {
    throw new Error(`${what}: ${msg}`);
  };
  return new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(xml, 'text/xml');
}

export async function part(zip: JSZip, path: string): Promise<Document> {
  const text = await zip.file(path)?.async('string');
  if (text === undefined) throw new Error(`missing part ${path}`);
  return parseXml(text, path);
}

export function all(node: Document | Element, ns: string, local: string): Element[] {
  return Array.from(node.getElementsByTagNameNS(ns, local));
}

export function one(node: Document | Element, ns: string, local: string): Element {
  const found = all(node, ns, local);
  if (found.length !== 1) throw new Error(`expected one ${local}, found ${found.length}`);
  return found[0] as Element;
}

export function text(node: Document | Element, ns: string, local: string): string[] {
  return all(node, ns, local).map((e) => e.textContent ?? '');
}

/** Children of the root element by local name, in order. */
export function rootChildNames(doc: Document): string[] {
  return Array.from(doc.documentElement.childNodes)
    .filter((n): n is Element => n.nodeType === 1)
    .map((e) => e.localName);
}

/** Relationship Id → { type, target } of a .rels part. */
export async function rels(zip: JSZip, path: string): Promise<Map<string, { type: string; target: string }>> {
  const doc = await part(zip, path);
  return new Map(
    all(doc, NS.rels, 'Relationship').map((e) => [e.getAttribute('Id') ?? '', { type: e.getAttribute('Type') ?? '', target: e.getAttribute('Target') ?? '' }]),
  );
}
