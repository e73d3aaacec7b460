/**
 * Worksheet names within Excel's rules (Microsoft, "Rename a worksheet"): at most 31 characters, none
 * of [ ] : * ? / \, no apostrophe at either end, not "History" (Excel reserves it), and unique without
 * regard to case. exceljs throws on most of these and silently truncates long names, which can then
 * collide, so every name the report uses goes through here first.
 */

const MAX = 31;
// eslint-disable-next-line no-control-regex
const forbidden = /[[\]:*?/\\\u0000-\u001F\u007F]/g;

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end);
}

const trimQuotes = (s: string): string => s.replace(/^[\s']+|[\s']+$/g, '');

/** The name as Excel would accept it on its own, before uniqueness. */
export function legalSheetName(wanted: string): string {
  const name = trimQuotes(cut(trimQuotes(wanted.replace(forbidden, ' ').replace(/\s+/g, ' ')), MAX));
  if (name === '') return 'Sheet';
  return name.toLowerCase() === 'history' ? 'History data' : name;
}

/** Hands out legal names, unique case-insensitively among those it has handed out. */
export class SheetNames {
  private readonly used = new Set<string>();

  claim(wanted: string): string {
    const base = legalSheetName(wanted);
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${trimQuotes(cut(base, MAX - suffix.length))}${suffix}`;
    }
    this.used.add(name.toLowerCase());
    return name;
  }
}
