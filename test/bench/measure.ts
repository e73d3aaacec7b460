/** Runs one job in a child process under /usr/bin/time: wall seconds, peak RSS, and the job's own JSON. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, repoRoot } from './data';

export interface Sample {
  /** Wall time of the whole child process, start-up included. */
  wall: number;
  /** The job's own timing when it reports one (in-process figures), else the wall time. */
  seconds: number;
  maxRssMb: number;
  /** User + system CPU seconds of the whole child (start-up included): steadier than wall time on a busy machine. */
  cpu: number;
  extra: Record<string, unknown>;
}

export interface Figure {
  seconds: number;
  maxRssMb: number;
  cpu: number;
  samples: Sample[];
  extra: Record<string, unknown>;
  /** For a workbook file's row: its size, which (unlike a time) the machine's load cannot move. */
  bytes?: number;
}

const timeBin = '/usr/bin/time';

export function runOnce(cmd: string, args: string[], env: Record<string, string> = {}): Sample {
  const rssFile = join(dataDir, 'rss.txt');
  rmSync(rssFile, { force: true });
  const useTime = existsSync(timeBin);
  const [bin, argv] = useTime ? [timeBin, ['-f', '%M %U %S', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(bin, argv, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${(r.stderr ?? '').slice(-2000)}${(r.stdout ?? '').slice(-2000)}`);
  // A job prints its facts as the last line; `kpiw ... --json` prints one indented object.
  const out = (r.stdout ?? '').trim();
  const last = out.split('\n').pop() ?? '';
  let extra: Record<string, unknown> = {};
  if (last.startsWith('{')) extra = JSON.parse(last) as Record<string, unknown>;
  else if (out.startsWith('{')) extra = JSON.parse(out) as Record<string, unknown>;
  const [rssKb, user, sys] = useTime
    ? readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number)
    : [Number(extra.maxRssKb ?? NaN), NaN, NaN];
  const seconds = typeof extra.seconds === 'number' ? extra.seconds : wall;
  return { wall, seconds, maxRssMb: rssKb! / 1024, cpu: user! + sys!, extra };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** `runs` samples; `before` runs untimed ahead of each (to reset files). Median time, highest RSS. */
export function measure(runs: number, sample: () => Sample, before?: () => void): Figure {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    samples.push(sample());
  }
  const mid = median(samples.map((s) => s.seconds));
  return {
    seconds: mid,
    maxRssMb: Math.max(...samples.map((s) => s.maxRssMb)),
    cpu: median(samples.map((s) => s.cpu)),
    samples,
    extra: samples.find((s) => s.seconds === mid)!.extra,
  };
}

/** The app's data folder of the bench's kpiw runs, so jobs see what those runs recorded (workbooks found sound). */
export const benchHome = join(dataDir, 'kpiw-home');

export const nodeJob = (job: string, ...args: string[]): Sample =>
  runOnce(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'bench', 'job.ts'), job, ...args], { KPIW_DATA_DIR: benchHome });

/** A data folder emptied before each run (freshNodeJob): the app meets its files for the first time. */
export const freshHome = join(dataDir, 'kpiw-home-fresh');

export const freshNodeJob = (job: string, ...args: string[]): Sample =>
  runOnce(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'bench', 'job.ts'), job, ...args], { KPIW_DATA_DIR: freshHome });
