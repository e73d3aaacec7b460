/**
 * The API boundary under generated bad payloads: every call of
 * the service table, in process and over browser mode's HTTP, fed wrong types, extra and prototype
 * keys, huge strings and arrays, NaN and infinities, and file paths from a face that may only use ids.
 * Each must come back as a failed Result — 'invalid_input' for a payload the contract refuses — never a
 * throw or an 'internal' error, and the workbook on disk must keep its bytes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { api } from '../../shared/api';
import { apiNames, type ApiName } from '../../shared/api-names';
import { errorCodes, type Result } from '../../shared/result';
import { Session, type Face } from '../../main/session';
import { callService } from '../../main/services';
import { faceBackend } from '../../main/face-backend';
import { startServer, type RunningServer } from '../../main/serve/http';
import { send } from './serve-helpers';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const RUNS = 40;
const HUGE_TEXT = 'x'.repeat(100_000);
const BODY_LIMIT = 512 * 1024;

let dir: string;
let book: string;
let bookHash: string;
let serve: Session;
let csvId: string;
let bookId: string;

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpiw-fuzz-'));
  book = join(dir, 'book.kpiw');
  const csv = join(dir, 'deals.csv');
  writeFileSync(csv, 'Deal ID,Stage,Amount,Close Date,Owner\nD1,Closed Won,1200,2024-02-01,Ann\nD2,Closed Lost,800,2024-02-03,Bob\n');
  const cli = new Session('cli', dir);
  for (const [name, input] of [
    ['workbook.create', { file: { path: book } }],
    ['import.run', { file: { path: csv }, options: {} }],
    ['workbook.close', {}],
  ] as const) {
    const r = await callService(cli, name, input);
    assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
  }
  rmSync(`${book}.bak`, { force: true });
  copyFileSync(book, join(dir, 'electron.kpiw'));
  bookHash = sha(book);

  serve = new Session('serve', join(dir, 'data'));
  bookId = serve.registerFile(book);
  csvId = serve.registerFile(csv);
  const opened = await callService(serve, 'workbook.open', { file: { id: bookId } });
  assert.ok(opened.ok, JSON.stringify(opened));
});

after(() => {
  if (serve.workbook) void callService(serve, 'workbook.close', {});
  rmSync(dir, { recursive: true, force: true });
});

/** A payload the contract accepts, for each call: the base that the mutations below break. */
function validSample(name: ApiName, fileId: string): Record<string, unknown> {
  const options = {
    as: 'deals',
    sheet: 'Deals',
    map: [['Owner', 'owner']],
    set: [['region', 'West']],
    values: [['status', 'Won', 'won']],
    dateOrders: [['Close Date', 'dmy']],
    again: true,
  };
  const samples: Record<ApiName, Record<string, unknown>> = {
    'app.info': {},
    'workbook.info': {},
    'workbook.create': { file: { id: fileId } },
    'workbook.open': { file: { id: fileId }, readOnly: true },
    'workbook.openSample': {},
    'workbook.createSample': { file: { id: fileId } },
    'workbook.save': {},
    'workbook.saveAs': { file: { id: fileId } },
    'workbook.close': {},
    'settings.set': { patch: { company_name: 'Acme', currency: 'EUR', locale: 'de-DE', fiscal_year_start_month: 4, seats: 3, gross_margin: 0.5, crm_gain: 2 } },
    'import.inspect': { file: { id: fileId }, options },
    'import.preview': { file: { id: fileId }, options },
    'import.values': { file: { id: fileId }, options, jobId: 'job-1' },
    'import.run': { file: { id: fileId }, options, jobId: 'job-1' },
    'import.undo': { batch: 1 },
    'data.summary': {},
    'data.mergeDuplicates': { dataset: 'deals' },
    'data.rows': { dataset: 'deals', offset: 0, limit: 10, sort: { field: 'amount', dir: 'asc' } },
    'data.history': { dataset: 'deals', id: 'D1' },
    'metrics.catalogue': {},
    'metrics.compute': { period: '2024-Q1', compare: 'previous', segment: 'owner', ids: ['win_rate'] },
    'metrics.trend': { period: '2024-Q1', count: 4, ids: ['win_rate'] },
    'metrics.rows': { id: 'win_rate', period: '2024-Q1', limit: 10 },
    'metrics.movements': { period: '2024-Q1', of: 'pipeline', segment: 'owner' },
    'metrics.movementRows': { period: '2024-Q1', of: 'pipeline', step: 'won', limit: 10 },
    'metrics.cohorts': { by: 'quarter', period: '2024-Q1' },
    'data.stages': {},
    'targets.list': {},
    'targets.set': { period: '2024-Q1', values: [['win_rate', 0.5]], segment: { field: 'owner', value: 'Ann' } },
    'report.export': { period: '2024-Q1', file: { id: fileId }, jobId: 'job-2', dataRowCap: 10 },
    'jobs.cancel': { jobId: 'job-3' },
    'files.forget': { id: fileId },
    'files.pickOpen': { purpose: 'import' },
    'files.pickSave': { purpose: 'export' },
    'view.get': {},
    'view.set': { period: '2024-Q1', compare: 'year' },
  };
  return samples[name];
}

/** Keys that pollute prototypes or shadow Object methods when an object is built from untrusted keys. */
const nastyKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Sets `key` as an own, enumerable property (a literal `{ __proto__: x }` would set the prototype instead). */
function withKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...obj };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * Payloads the contract must refuse, built from a valid `v`: every branch is invalid for every schema
 * of shared/api.ts whatever field it lands on (all objects are strict, every string has a max length
 * under 100,000, every number is finite, every array has a max length under 5,000). `json` leaves out
 * values JSON cannot carry (NaN, the infinities, undefined).
 */
function broken(v: unknown, json: boolean): fc.Arbitrary<unknown> {
  const notNumbers = json ? [] : [fc.constantFrom(Number.NaN, Infinity, -Infinity)];
  if (typeof v === 'string') return fc.oneof(fc.constant(HUGE_TEXT), fc.integer(), fc.boolean(), fc.constant({}), fc.constant([]), ...notNumbers);
  if (typeof v === 'number')
    return fc.oneof(
      fc.string({ maxLength: 5 }).map((s) => `1${s}`),
      fc.boolean(),
      fc.constant({}),
      fc.constant([v]),
      ...notNumbers,
    );
  if (typeof v === 'boolean') return fc.oneof(fc.constantFrom('true', 'false', 1, 0), fc.constant({}), fc.constant([v]));
  if (Array.isArray(v)) {
    const first: unknown = v[0];
    const branches: fc.Arbitrary<unknown>[] = [fc.string({ maxLength: 8 }), fc.constant({ 0: first }), fc.constant(new Array<unknown>(5000).fill(first))];
    if (v.length > 0) branches.push(broken(first, json).map((b) => [b, ...v.slice(1)]));
    return fc.oneof(...branches);
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  const extraKey = fc.oneof(fc.constantFrom(...nastyKeys), fc.string({ minLength: 1, maxLength: 20 })).filter((k) => !keys.includes(k));
  const branches: fc.Arbitrary<unknown>[] = [
    fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 3 })),
    fc
      .tuple(
        extraKey,
        fc.jsonValue().filter((x) => x !== null && x !== undefined),
      )
      .map(([k, x]) => withKey(obj, k, x)),
  ];
  if (keys.length > 0) branches.push(fc.constantFrom(...keys).chain((k) => broken(obj[k], json).map((b) => withKey(obj, k, b))));
  return fc.oneof(...branches);
}

/** The promise of the whole boundary: a Result, never a throw, never an unexplained 'internal'. */
function assertCleanResult(name: string, payload: unknown, r: Result<unknown>): void {
  assert.equal(typeof r.ok, 'boolean', `${name}: not a Result: ${JSON.stringify(r)}`);
  if (!r.ok) {
    assert.ok((errorCodes as readonly string[]).includes(r.error.code), `${name}: unknown code ${r.error.code}`);
    assert.notEqual(r.error.code, 'internal', `${name} with ${preview(payload)}: ${r.error.message}`);
    assert.equal(typeof r.error.message, 'string');
  }
}

const preview = (x: unknown) => inspect(x, { depth: 3, maxStringLength: 80, breakLength: Infinity }).slice(0, 300);

function assertBookUntouched(): void {
  assert.equal(sha(book), bookHash, 'the workbook on disk keeps its bytes');
  assert.ok(!existsSync(`${book}.bak`), 'no save happened, so no .bak');
  assert.equal(serve.workbook?.path, book, 'the same workbook is still open');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is not polluted');
}

test('every call: payloads the contract refuses come back as invalid_input, in process', async () => {
  for (const name of apiNames) {
    await fc.assert(
      fc.asyncProperty(broken(validSample(name, csvId), false), async (payload) => {
        assert.equal(api[name].input.safeParse(payload).success, false, `${name}: the generator made a valid payload ${preview(payload)}`);
        const r = await callService(serve, name, payload);
        assertCleanResult(name, payload, r);
        assert.equal(r.ok ? 'ok' : r.error.code, 'invalid_input', `${name} with ${preview(payload)}`);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  }
  assertBookUntouched();
});

test('prototype keys parsed from JSON are refused by every call and pollute nothing', async () => {
  for (const name of apiNames) {
    for (const raw of ['{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}']) {
      const payload: unknown = JSON.parse(raw);
      const r = await callService(serve, name, payload);
      assert.ok(!r.ok && r.error.code === 'invalid_input', `${name} with ${raw}: ${JSON.stringify(r)}`);
    }
  }
  assertBookUntouched();
});

test('every call: arbitrary values never throw and never end in an internal error', async () => {
  // Calls that change what is open or saved when their (empty) input is valid are only fed invalid values.
  const changesState = new Set<ApiName>([
    'workbook.save',
    'workbook.close',
    'workbook.openSample',
    'settings.set',
    'targets.set',
    'import.undo',
    'import.run',
    'data.mergeDuplicates',
    'report.export',
  ]);
  for (const name of apiNames) {
    await fc.assert(
      fc.asyncProperty(
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withTypedArray: true, withSparseArray: true }),
        async (payload) => {
          if (changesState.has(name)) fc.pre(payload !== null && payload !== undefined && !api[name].input.safeParse(payload).success);
          const r = await callService(serve, name, payload);
          assertCleanResult(name, payload, r);
        },
      ),
      { numRuns: RUNS, seed: 11 },
    );
  }
  assertBookUntouched();
});

test('numbers out of range: negative, fractional, NaN, infinite and huge are refused where the contract bounds them', async () => {
  const bad = [-1, 0.5, Number.NaN, Infinity, -Infinity, 1e300, Number.MAX_SAFE_INTEGER + 2];
  const cases: [ApiName, (n: number) => unknown][] = [
    ['import.undo', (n) => ({ batch: n })],
    ['data.rows', (n) => ({ dataset: 'deals', offset: n, limit: 10 })],
    ['data.rows', (n) => ({ dataset: 'deals', offset: 0, limit: n })],
    ['metrics.trend', (n) => ({ count: n })],
    ['metrics.rows', (n) => ({ id: 'win_rate', limit: n })],
    ['report.export', (n) => ({ dataRowCap: n })],
    ['settings.set', (n) => ({ patch: { fiscal_year_start_month: n } })],
    ['settings.set', (n) => ({ patch: { seats: n } })],
  ];
  for (const [name, make] of cases) {
    for (const n of bad) {
      const r = await callService(serve, name, make(n));
      assert.ok(!r.ok && r.error.code === 'invalid_input', `${name} with ${n}: ${JSON.stringify(r)}`);
    }
  }
  // Target values may be any finite number (negative ones included), but never NaN or infinite.
  for (const n of [Number.NaN, Infinity, -Infinity]) {
    const r = await callService(serve, 'targets.set', { period: '2024-Q1', values: [['win_rate', n]] });
    assert.ok(!r.ok && r.error.code === 'invalid_input', `targets.set with ${n}: ${JSON.stringify(r)}`);
  }
  assertBookUntouched();
});

const fileCalls: ApiName[] = [
  'workbook.create',
  'workbook.open',
  'workbook.createSample',
  'workbook.saveAs',
  'import.inspect',
  'import.preview',
  'import.values',
  'import.run',
  'report.export',
];
const withFile = (name: ApiName, file: unknown) => ({ ...validSample(name, 'unused'), file });

test('the UI faces never accept a path: browser mode and Electron refuse {path} in every file call', async () => {
  const electron = new Session('electron', join(dir, 'data-electron'));
  const opened = await callService(electron, 'workbook.open', { file: { id: electron.registerFile(join(dir, 'electron.kpiw')) } });
  assert.ok(opened.ok, JSON.stringify(opened));
  const target = join(dir, 'planted.kpiw');
  const paths = fc.oneof(
    fc.constantFrom('/etc/passwd', book, target, '../../etc/passwd', 'C:\\Windows\\win.ini', '\\\\server\\share\\book.kpiw', 'file:///etc/passwd', ''),
    fc.string({ maxLength: 200 }),
  );
  try {
    for (const [face, session] of [
      ['serve', serve],
      ['electron', electron],
    ] as [Face, Session][]) {
      for (const name of fileCalls) {
        await fc.assert(
          fc.asyncProperty(paths, async (path) => {
            const r = await callService(session, name, withFile(name, { path }));
            assert.ok(!r.ok && r.error.code === 'invalid_input', `${face} ${name} with path ${JSON.stringify(path)}: ${JSON.stringify(r)}`);
            assert.match(r.error.message, /chosen in a dialog/);
          }),
          { numRuns: 15, seed: 3 },
        );
      }
    }
    assert.ok(!existsSync(target), 'no file was written at a path the page named');
    assert.equal(readdirSync(join(dir)).filter((f) => f.startsWith('planted')).length, 0);
  } finally {
    await callService(electron, 'workbook.close', {});
  }
  assertBookUntouched();
});

test('only ids main handed out are accepted: unknown and forgotten ids are refused', async () => {
  const unknownIds = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).filter((id) => id !== csvId && id !== bookId);
  for (const name of fileCalls) {
    await fc.assert(
      fc.asyncProperty(unknownIds, async (id) => {
        const r = await callService(serve, name, withFile(name, { id }));
        assert.ok(!r.ok && r.error.code === 'invalid_input', `${name} with id ${id}: ${JSON.stringify(r)}`);
      }),
      { numRuns: 10, seed: 5 },
    );
  }
  for (const id of ['../book.kpiw', 'a/b', 'x'.repeat(65), '', 'id with space', 'ünïcode']) {
    const r = await callService(serve, 'import.inspect', { file: { id } });
    assert.ok(!r.ok && r.error.code === 'invalid_input', `id ${JSON.stringify(id)}: ${JSON.stringify(r)}`);
  }

  const inspected = await callService(serve, 'import.inspect', { file: { id: csvId } });
  assert.ok(inspected.ok, JSON.stringify(inspected));
  assert.equal(inspected.value.fileName, 'deals.csv');

  const spare = serve.registerFile(join(dir, 'deals.csv'));
  assert.ok((await callService(serve, 'files.forget', { id: spare })).ok);
  const forgotten = await callService(serve, 'import.inspect', { file: { id: spare } });
  assert.ok(!forgotten.ok && forgotten.error.code === 'invalid_input', JSON.stringify(forgotten));
  assertBookUntouched();
});

test('over HTTP: fuzzed POST /api/:name bodies get a JSON refusal and the server keeps serving', async () => {
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>KPI</title>');
  const server: RunningServer = await startServer({ backend: faceBackend(serve), rendererDir: renderer, bodyLimit: BODY_LIMIT });
  const token = new URL(server.url).searchParams.get('token') ?? '';
  const post = (name: string, body: string) =>
    send(server.port, {
      method: 'POST',
      path: `/api/${encodeURIComponent(name)}`,
      headers: { 'Content-Type': 'application/json', 'X-KPIW-Token': token, Origin: `http://127.0.0.1:${server.port}` },
      body,
    });
  const refusal = (name: string, body: string, reply: { status: number; body: string }): string => {
    let parsed: unknown;
    assert.doesNotThrow(() => (parsed = JSON.parse(reply.body)), `${name}: reply is JSON: ${reply.body.slice(0, 200)}`);
    const r = parsed as Result<unknown>;
    assert.equal(r.ok, false, `${name} with ${body.slice(0, 200)}: ${reply.body.slice(0, 200)}`);
    return r.ok ? 'ok' : r.error.code;
  };
  try {
    for (const name of apiNames) {
      await fc.assert(
        fc.asyncProperty(broken(validSample(name, csvId), true), async (payload) => {
          const body = JSON.stringify(payload);
          fc.pre(!api[name].input.safeParse(JSON.parse(body)).success);
          const reply = await post(name, body);
          assert.equal(reply.status, 200, `${name}: ${reply.body.slice(0, 200)}`);
          assert.equal(refusal(name, body, reply), 'invalid_input');
        }),
        { numRuns: 20, seed: 13 },
      );
    }

    const raw = [
      '{',
      '{"batch":NaN}',
      '{"batch":1e999}',
      '{"__proto__":{"polluted":1}}',
      '[]',
      '"text"',
      '0',
      'true',
      '\u0000\u0001',
      '{"file":{"path":"/etc/passwd"}}',
    ];
    for (const name of apiNames) {
      for (const body of raw) {
        const reply = await post(name, body);
        assert.ok([200, 400].includes(reply.status), `${name} with ${body}: status ${reply.status}`);
        assert.equal(refusal(name, body, reply), 'invalid_input');
      }
    }

    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }).filter((n) => !(apiNames as readonly string[]).includes(n)),
        async (name) => {
          const reply = await post(name, '{}');
          assert.ok([404, 405].includes(reply.status) || reply.status === 400, `unknown call ${JSON.stringify(name)}: ${reply.status}`);
        },
      ),
      { numRuns: 30, seed: 17 },
    );

    const tooBig = await post('targets.set', JSON.stringify({ period: '2024-Q1', values: [['win_rate', 1]], pad: 'x'.repeat(BODY_LIMIT) }));
    assert.equal(tooBig.status, 413);
    assert.equal(refusal('targets.set', 'big', tooBig), 'invalid_input');

    const alive = await post('app.info', '{}');
    assert.equal(alive.status, 200);
    assert.deepEqual(JSON.parse(alive.body), { ok: true, value: { version, face: 'serve' } });
  } finally {
    await server.close();
  }
  assertBookUntouched();
});
