/** Spreadsheet column names and numbers, for the report's formulas and the import's cell references. */

/** Column number (1-based) to letters: 1 → A, 27 → AA, 16384 → XFD. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The column (1-based) of a reference's leading letters: "A" → 1, "XFD7" → 16384. */
export function columnNumber(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}
