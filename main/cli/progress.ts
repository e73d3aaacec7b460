/** A one-line progress display on a terminal's stderr: "importing  42%". */
export function progressLine(): (phase: string, done: number, total: number) => void {
  let last = '';
  return (phase, done, total) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    const line = `${phase} ${String(pct).padStart(3)}%`;
    if (line === last) return;
    last = line;
    process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
  };
}
