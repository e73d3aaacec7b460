import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CanonicalRow } from '../store/batches';
import { addOn, companyNameFor, leadSources, lostStage, openStages, plans, regions, trend, wonStage } from './company';
import { isoDay, parseDay } from './days';
import { defaultDemoEndDate, defaultDemoSeed } from './generate';
import { Random, WeightedTable } from './random';
import { timelineEnding } from './timeline';

/**
 * Large deal tables for the benchmark and for big in-memory tests: a HubSpot-style export of any
 * length over the demo's ten quarters, deterministic for a seed. `generateDeals(n, seed)` gives the
 * same deals as canonical rows, exactly as importing `writeDealsCsv(path, n, seed)` should store them.
 */

export const dealsCsvHeader = 'Record ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal owner,Source,Product,Region';

/** A bigger sales team than the sample company's: a firm with a million deals has more than six reps. */
const owners = [
  'Ines Marlow',
  'Tobias Reinholt',
  'Priya Castellane',
  'Ola Sundqvist',
  'Dario Fennimore',
  'Hanne Brokstad',
  'Corin Abelard',
  'Mette Ravnsborg',
  'Lucan Ferro',
  'Tamsin Oduya',
  'Viggo Strand',
  'Amara Quill',
];
const planTable = new WeightedTable(plans, (p) => p.weight);
const sourceTable = new WeightedTable(leadSources, (s) => s.weight);
const regionTable = new WeightedTable(regions, (r) => r.weight);

interface LargeDeal {
  readonly id: string;
  readonly name: string;
  readonly stage: string;
  readonly status: 'won' | 'lost' | 'open';
  readonly amount: number;
  readonly created: number;
  /** `HH:MM` of creation: HubSpot stamps Create Date with a time, Close Date without. */
  readonly createdTime: string;
  /** Actual close for won and lost deals; the expected one (or none) for open deals. */
  readonly closed: number | null;
  readonly owner: string;
  readonly source: string;
  readonly product: string;
  readonly region: string;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
/** Working-hours creation times, 07:00 to 19:59. */
const times = Array.from({ length: 13 * 60 }, (_, i) => `${pad2(7 + Math.floor(i / 60))}:${pad2(i % 60)}`);

/** A company name for every deal is the costliest draw; a firm this size sells to a few thousand companies anyway. */
function companyPool(rng: Random): string[] {
  return Array.from({ length: 4096 }, () => companyNameFor(rng));
}

/** Deal i of n: creation dates rise with i, as an export sorted by record id does. */
function* largeDeals(n: number, seed: number): Generator<LargeDeal> {
  const rng = new Random(seed).fork('large-deals');
  const tl = timelineEnding(parseDay(defaultDemoEndDate, 'Demo end date'));
  const span = tl.end - tl.start + 1;
  const quarterLength = span / tl.quarters.length;
  const companies = companyPool(rng);
  for (let i = 0; i < n; i++) {
    const created = tl.start + Math.floor(((i + rng.next()) * span) / n);
    const quarter = Math.floor((created - tl.start) / quarterLength);
    const plan = planTable.pick(rng);
    const product = rng.chance(0.15) ? addOn.name : plan.name;
    const amount = product === addOn.name ? rng.int(2, 10) * addOn.mrrPerSeat * 12 : plan.mrr * 12 * (1 + 0.25 * rng.poisson(1.2));
    const won = rng.chance(trend(0.25, 0.36, quarter) * plan.win);
    const cycle = won ? Math.round(rng.logNormal(trend(50, 34, quarter), 0.45)) : Math.round(rng.logNormal(28, 0.8));
    const closeDay = created + Math.max(3, cycle);
    const open = closeDay > tl.end || rng.chance(0.03);
    yield {
      id: String(14_000_000_000 + i * 7 + rng.int(0, 6)),
      name: `${companies[rng.int(0, companies.length - 1)]!} - ${product}`,
      stage: open ? openStages[rng.int(0, openStages.length - 1)]! : won ? wonStage : lostStage,
      status: open ? 'open' : won ? 'won' : 'lost',
      amount: Math.round(amount),
      created,
      createdTime: times[rng.int(0, times.length - 1)]!,
      closed: open ? (rng.chance(0.7) ? closeDay : null) : closeDay,
      owner: owners[rng.int(0, owners.length - 1)]!,
      source: sourceTable.pick(rng).name,
      product,
      region: regionTable.pick(rng).name,
    };
  }
}

/** The deals `writeDealsCsv(path, n, seed)` writes, as the canonical rows an import of it stores. */
export function generateDeals(n: number, seed: number = defaultDemoSeed): CanonicalRow[] {
  const out: CanonicalRow[] = [];
  for (const d of largeDeals(n, seed)) {
    out.push({
      deal_id: d.id,
      stage: d.stage,
      status: d.status,
      amount: d.amount,
      created_at: isoDay(d.created),
      closed_at: d.closed === null ? null : isoDay(d.closed),
      owner: d.owner,
      source: d.source,
      customer_id: null,
      product: d.product,
      deal_type: null,
      region: d.region,
    });
  }
  return out;
}

/** RFC 4180: a field with a comma, quote or line break goes in quotes, its quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function* csvChunks(n: number, seed: number): Generator<string> {
  const rowsPerChunk = 4096;
  let chunk = `${dealsCsvHeader}\r\n`;
  let inChunk = 0;
  for (const d of largeDeals(n, seed)) {
    chunk +=
      `${d.id},${csvField(d.name)},${d.stage},${d.amount},${isoDay(d.created)} ${d.createdTime},` +
      `${d.closed === null ? '' : isoDay(d.closed)},${d.owner},${d.source},${d.product},${csvField(d.region)}\r\n`;
    if (++inChunk === rowsPerChunk) {
      yield chunk;
      chunk = '';
      inChunk = 0;
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * Writes `rows` deals as a HubSpot-style CSV (CRLF line ends, UTF-8 without BOM), streamed in
 * chunks with the file stream's backpressure, so a million rows never sit in memory at once.
 * Resolves with the number of bytes written.
 */
export async function writeDealsCsv(path: string, rows: number, seed: number = defaultDemoSeed): Promise<number> {
  const file = createWriteStream(path);
  await pipeline(Readable.from(csvChunks(rows, seed), { objectMode: false }), file);
  return file.bytesWritten;
}
