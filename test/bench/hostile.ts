/**
 * Resource ceilings for hostile files: each file goes through `kpiw import` in its
 * own process under /usr/bin/time, into a copy of a small workbook. Records wall time, CPU time and
 * peak RSS, prints a table, writes test/bench/hostile-results.json, and flags a file that takes more
 * than 2 s beyond a plain start-up or more than 300 MB. Time is judged by CPU seconds (user + system):
 * on a shared machine wall time swings by seconds with the load of others. Exit code 1 when anything
 * is flagged.
 *   node --import tsx test/bench/hostile.ts
 * Needs /usr/bin/time (Debian: apt-get install -y time).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { makeBadInputs } from '../fixtures/make-bad-inputs';

const MAX_SECONDS = 2;
const MAX_RSS_MB = 300;
const TIME = '/usr/bin/time';
const bin = new URL('../../main/cli/bin.mjs', import.meta.url).pathname;
const resultsFile = new URL('./hostile-results.json', import.meta.url).pathname;

interface Row {
  file: string;
  bytes: number;
  exitCode: number | null;
  wallSeconds: number;
  cpuSeconds: number;
  /** CPU time minus the median CPU time of importing a three-row CSV: the cost of the file itself. */
  overStartCpuSeconds: number;
  peakRssMb: number;
  message: string;
  flagged: string[];
}

function timed(dir: string, args: string[]): { code: number | null; wall: number; cpu: number; rssMb: number; said: string } {
  const out = join(dir, 'time.txt');
  rmSync(out, { force: true });
  const t0 = performance.now();
  const r = spawnSync(TIME, ['-f', '%M %U %S', '-o', out, process.execPath, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KPIW_DATA_DIR: join(dir, 'data') },
    timeout: 300_000,
    maxBuffer: 16 << 20,
  });
  const wall = (performance.now() - t0) / 1000;
  const [rssKb, user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { code: r.status, wall, cpu: user! + sys!, rssMb: rssKb! / 1024, said: `${r.stderr}${r.stdout}`.trim().split('\n')[0] ?? '' };
}

async function hostileFiles(dir: string): Promise<Record<string, string>> {
  const bad = await makeBadInputs(dir);
  const files: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of ['zip-bomb.xlsx', 'shared-strings-bomb.xlsx', 'lying-sizes.xlsx', 'huge-field.csv', 'garbage.csv', 'truncated.xlsx', 'encrypted.xlsx'])
    files[name] = bad[name]!;

  // 20,000 header cells of 12 characters: a 260 KB first line, under the record limit, over Excel's 16,384 columns.
  const header = Array.from({ length: 20_000 }, (_, i) => `column_${String(i).padStart(5, '0')}`).join(',');
  files['huge-header.csv'] = join(dir, 'huge-header.csv');
  writeFileSync(files['huge-header.csv'], `${header}\n${'1,'.repeat(19_999)}1\n`);
  // The same idea past the record limit: 100,000 header cells (1.3 MB in one line).
  const wider = Array.from({ length: 100_000 }, (_, i) => `column_${String(i).padStart(6, '0')}`).join(',');
  files['huger-header.csv'] = join(dir, 'huger-header.csv');
  writeFileSync(files['huger-header.csv'], `${wider}\n1\n`);

  const laughs = [
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`),
    ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&l9;</t></si></sst>',
  ].join('');
  const zip = await JSZip.loadAsync(readFileSync(bad['basic.xlsx']!));
  zip.file('xl/sharedStrings.xml', laughs);
  files['billion-laughs.xlsx'] = join(dir, 'billion-laughs.xlsx');
  writeFileSync(files['billion-laughs.xlsx'], await zip.generateAsync({ type: 'nodebuffer' }));
  return files;
}

async function main(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install -y time`);
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-hostile-bench-'));
  try {
    const seed = join(dir, 'seed.csv');
    writeFileSync(
      seed,
      'Deal ID,Stage,Amount,Close Date,Owner\nD1,Closed Won,1200,2024-02-01,Ann\nD2,Closed Lost,800,2024-02-03,Bob\nD3,Negotiation,500,,Ann\n',
    );
    const book = join(dir, 'book.kpiw');
    const made = timed(dir, ['import', seed, '--into', book]);
    if (made.code !== 0) throw new Error(`could not make the base workbook: ${made.said}`);

    // Start-up baseline: a three-row import into a fresh copy, three times, median.
    const starts: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const copy = join(dir, `start-${i}.kpiw`);
      copyFileSync(book, copy);
      starts.push(timed(dir, ['import', seed, '--into', copy, '--again']));
    }
    const startup = [...starts].sort((a, b) => a.cpu - b.cpu)[1]!;

    const rows: Row[] = [];
    for (const [name, path] of Object.entries(await hostileFiles(dir))) {
      const copy = join(dir, `book-${name}.kpiw`);
      copyFileSync(book, copy);
      const t = timed(dir, ['import', path, '--into', copy]);
      const over = t.cpu - startup.cpu;
      const flagged = [
        ...(over > MAX_SECONDS ? [`${over.toFixed(1)} CPU s over start-up`] : []),
        ...(t.rssMb > MAX_RSS_MB ? [`${Math.round(t.rssMb)} MB`] : []),
        ...(t.code !== 1 ? [`exit code ${t.code}, not a refusal`] : []),
      ];
      rows.push({
        file: name,
        bytes: readFileSync(path).length,
        exitCode: t.code,
        wallSeconds: round(t.wall),
        cpuSeconds: round(t.cpu),
        overStartCpuSeconds: round(over),
        peakRssMb: Math.round(t.rssMb),
        message: t.said.slice(0, 160),
        flagged,
      });
    }

    const table = [
      `start-up (three-row import, median of 3): ${startup.wall.toFixed(2)} s wall, ${startup.cpu.toFixed(2)} s CPU`,
      `${'file'.padEnd(26)}${'bytes'.padStart(11)}${'exit'.padStart(6)}${'wall s'.padStart(8)}${'cpu s'.padStart(8)}${'cpu+'.padStart(8)}${'RSS MB'.padStart(8)}  flags`,
      ...rows.map(
        (r) =>
          `${r.file.padEnd(26)}${String(r.bytes).padStart(11)}${String(r.exitCode).padStart(6)}${r.wallSeconds.toFixed(2).padStart(8)}${r.cpuSeconds.toFixed(2).padStart(8)}${r.overStartCpuSeconds.toFixed(2).padStart(8)}${String(r.peakRssMb).padStart(8)}  ${r.flagged.join('; ') || 'ok'}`,
      ),
    ];
    process.stdout.write(`${table.join('\n')}\n`);
    writeFileSync(
      resultsFile,
      `${JSON.stringify({ measuredAt: new Date().toISOString(), limits: { overStartCpuSeconds: MAX_SECONDS, peakRssMb: MAX_RSS_MB }, startup: { wallSeconds: round(startup.wall), cpuSeconds: round(startup.cpu) }, rows }, null, 2)}\n`,
    );
    if (rows.some((r) => r.flagged.length > 0)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

await main();
