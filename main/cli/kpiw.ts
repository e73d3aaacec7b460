/**
 * `kpiw`: argv → one service call (or a few) → text or --json. No logic of its own: everything
 * goes through the service table, exactly as the app and browser mode do.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDatasetName } from '../../shared/datasets/catalog';
import { AppFailure } from '../../shared/result';
import type { ApiName } from '../../shared/api-names';
import type { Output } from '../../shared/api';
import { Session } from '../session';
import { callService } from '../services';
import { toJson } from '../../shared/metrics/json';
import { undoCaution } from '../../shared/undo-caution';
import { dataDir } from '../data-dir';
import { parse, pair, UsageError } from './args';
import { printDuplicates, printImport, printList, printTargets } from './print';
import { printMetrics } from './print-metrics';
import { printMovements } from './print-movements';
import { printCohorts } from './print-cohorts';
import { printHistory } from './print-history';
import { progressLine } from './progress';

const usage = `Usage:
  kpiw import FILE --into BOOK.kpiw [--as DATASET] [--sheet NAME] [--map SOURCE=FIELD ...]
              [--set FIELD=VALUE ...] [--value FIELD:LABEL=VALUE ...] [--as-of DATE] [--missing keep|delete]
              [--currency CODE] [--check] [--again] [--json]
  kpiw metrics BOOK.kpiw [--period P] [--compare previous|year] [--segment FIELD] [--json]
  kpiw movements BOOK.kpiw [--period P] --of pipeline|mrr [--segment FIELD] [--json]
  kpiw cohorts BOOK.kpiw --by month|quarter [--period P] [--json]
  kpiw targets BOOK.kpiw --period P --set ID=VALUE ... [--segment FIELD=VALUE]
  kpiw targets BOOK.kpiw --list [--json]
  kpiw report BOOK.kpiw [--period P] --out FILE.xlsx
  kpiw demo --out BOOK.kpiw
  kpiw list BOOK.kpiw [--json]
  kpiw undo BOOK.kpiw --batch N
  kpiw merge BOOK.kpiw --dataset DATASET [--json]
  kpiw history BOOK.kpiw --dataset DATASET --id ID [--json]
  kpiw serve [BOOK.kpiw] [--port N] [--no-open]
  kpiw help COMMAND          (or kpiw COMMAND --help: what the command does and its options)`;

/** What each command does, for `kpiw COMMAND --help` (its usage lines follow). */
const about: Record<string, string> = {
  import:
    'Imports a CSV or Excel export into a workbook (made when it does not exist). Records the workbook has are updated, new ones added;\n' +
    '--missing delete removes the records the file lacks (a complete export); --check only says what would change. --as-of gives the day\n' +
    "the export shows (default: the file's modification date): earlier values are kept as versions valid until then. --currency sets the\n" +
    "currency of a workbook without data (by default its first import reads it from the amounts, else takes this computer's).\n" +
    '--check also lists every label of the label columns (stage, deal type, status, kind...) with its rows and how it is read;\n' +
    '--value reads a label as one of its field\'s values: --value "status:Signed=won" --value "deal_type:Partner deal=new".',
  metrics: 'Prints every KPI for a period (default: the latest quarter with data), with a comparison and a split by segment.',
  movements:
    'Explains how the open pipeline moved over a period (default: the latest quarter with data): its value the day before, + created,\n' +
    '+ increased, - decreased, - won, - lost, - removed, and its value on the last day, each deal as the exports standing then show it;\n' +
    'and how many deals went from each stage to each other. --of mrr explains how MRR moved: MRR at the end of the day before,\n' +
    '+ new, + expansion, + reactivation, - contraction, - churned, and MRR at the end of the last day, customer by customer.',
  cohorts:
    'Groups customers by the month (or quarter) of their first paid subscription (their acquisition, without subscriptions) and prints\n' +
    "each cohort's logo retention (the share with MRR above 0) and revenue retention (its MRR over its first month's) at the end of\n" +
    'every month (quarter) since, each read from the exports standing then; up to the last month with data, or the end of --period.',
  targets: 'Sets KPI targets for a period, or lists them.',
  report:
    'Writes the quarterly Excel report, and records the figures it publishes in the workbook: a later import that changes one shows\n' +
    "as restated in `kpiw metrics` and the app, and in the next report's Restatements sheet.",
  demo: 'Writes the sample company to a new workbook.',
  list: 'Lists the datasets and the import batches of a workbook.',
  undo: 'Undoes one import batch: what it added goes, what it changed or removed comes back.',
  merge: 'Merges records that imports made before records had identity left more than once (the newest row of each stays).',
  history:
    'Prints every version of one record (a deal, customer, ticket...): the dates each was valid, the import that wrote it and the fields it changed.\n' +
    'ID is the record\'s ID as the export writes it; a record identified by several fields gives them joined by " / ".',
  serve: 'Opens the app in your browser, on 127.0.0.1 only.',
};

/** One command's help: what it does and its usage lines. */
function commandHelp(name: string): string {
  const lines = usage.split('\n').slice(1);
  // A usage line goes on over the indented lines under it.
  let command = '';
  const mine = lines.filter((l) => (command = l.startsWith('     ') ? command : l).startsWith(`  kpiw ${name} `));
  return `${about[name]}\n\nUsage:\n${mine.join('\n')}`;
}

/** A failed service call, already worded for a person. */
class CommandFailed extends Error {}

/**
 * The flags of the import options a failure names (`details.option`): the service words its
 * messages for the app's controls, and the command line adds how to give the option here.
 */
const optionFlags: Readonly<Record<string, string>> = {
  as: '--as DATASET, and --map SOURCE=FIELD for the columns',
  map: '--map SOURCE=FIELD or --set FIELD=VALUE',
  set: '--map SOURCE=FIELD or --set FIELD=VALUE',
  asOf: '--as-of YYYY-MM-DD',
  again: '--again',
  values: '--value FIELD:LABEL=VALUE',
};

/** A failure's message, with the flag of the option it names. */
function worded(error: { message: string; details?: Readonly<Record<string, unknown>> }): string {
  const option = error.details?.option;
  const flag = typeof option === 'string' ? optionFlags[option] : undefined;
  return flag === undefined ? error.message : `${error.message.replace(/[.\s]+$/, '')} (on the command line: ${flag}).`;
}

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

async function call<K extends ApiName>(
  session: Session,
  name: K,
  input: unknown,
  onProgress?: (phase: string, done: number, total: number) => void,
): Promise<Output<K>> {
  const res = await callService(session, name, input, onProgress ? { onProgress } : {});
  if (!res.ok) {
    const err = new CommandFailed(worded(res.error));
    (err as CommandFailed & { details?: unknown }).details = res.error.details;
    throw err;
  }
  return res.value;
}

/** `whenFree`: writable unless another program has it, then read-only (the command says what it could not record). */
async function openBook(session: Session, book: string, readOnly: boolean | 'whenFree'): Promise<void> {
  if (!existsSync(book)) throw new CommandFailed(`${book} does not exist.`);
  const wb = await call(session, 'workbook.open', { file: { path: resolve(book) }, readOnly: readOnly === true });
  if (readOnly === false && wb.readOnlyReason) throw new CommandFailed(wb.readOnlyReason);
}

async function cmdImport(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    {
      into: { type: 'string' },
      as: { type: 'string' },
      sheet: { type: 'string' },
      map: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      value: { type: 'string', multiple: true },
      missing: { type: 'string' },
      'as-of': { type: 'string' },
      currency: { type: 'string' },
      check: { type: 'boolean' },
      again: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    { min: 1, max: 1, names: 'FILE' },
  );
  if (!values.into) throw new UsageError('Missing --into BOOK.kpiw.');
  if (values.missing !== undefined && values.missing !== 'keep' && values.missing !== 'delete')
    throw new UsageError(`--missing takes keep (records the file lacks stay) or delete (the file is a complete export), not "${values.missing}".`);
  if (values.as !== undefined && !isDatasetName(values.as)) throw new UsageError(`--as takes a dataset name, not "${values.as}".`);
  if (values.currency !== undefined && !/^[A-Za-z]{3}$/.test(values.currency.trim()))
    throw new UsageError(`--currency takes an ISO currency code such as EUR, GBP or USD, not "${values.currency}".`);
  const file = resolve(positionals[0]!);
  if (!existsSync(file)) throw new CommandFailed(`${positionals[0]} does not exist.`);
  const options = {
    ...(values.as !== undefined ? { as: values.as } : {}),
    ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
    ...(values.map ? { map: values.map.map((m) => pair(m, '--map')) } : {}),
    ...(values.set ? { set: values.set.map((s) => pair(s, '--set')) } : {}),
    ...(values.value ? { values: values.value.map(labelReading) } : {}),
    ...(values.again ? { again: true } : {}),
    ...(values.missing !== undefined ? { missing: values.missing as 'keep' | 'delete' } : {}),
    ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}),
    ...(values.currency !== undefined ? { currency: values.currency.trim().toUpperCase() } : {}),
  };
  // The options are checked before anything is created, so a mistyped --map leaves no empty workbook.
  const book = resolve(values.into);
  const created = !existsSync(book);
  if (values.check && created) throw new CommandFailed(`${values.into} does not exist; --check compares a file with a workbook that has data.`);
  if (created) await call(session, 'workbook.create', { file: { path: book } });
  else await openBook(session, book, !!values.check);
  try {
    const result = await call(
      session,
      values.check ? 'import.preview' : 'import.run',
      { file: { path: file }, options },
      process.stderr.isTTY ? progressLine() : undefined,
    );
    if (values.json) out(JSON.stringify(result, null, 2));
    else out(printImport(result, values.into));
  } catch (e) {
    if (created) await discardNewBook(session, book);
    throw e;
  }
}

/** `FIELD:LABEL=VALUE`: the field ends at the first ':' and the value starts after the last '=', so a label may hold either. */
function labelReading(text: string): [string, string, string] {
  const colon = text.indexOf(':');
  const equals = text.lastIndexOf('=');
  if (colon <= 0 || equals <= colon + 1) throw new UsageError(`--value takes FIELD:LABEL=VALUE (--value "status:Signed=won"), got "${text}".`);
  return [text.slice(0, colon).trim(), text.slice(colon + 1, equals), text.slice(equals + 1).trim()];
}

/** A workbook this command created for an import that then failed is removed: nothing changes. */
async function discardNewBook(session: Session, book: string): Promise<void> {
  await call(session, 'workbook.close', {});
  const { rm } = await import('node:fs/promises');
  await rm(book, { force: true });
}

async function cmdMetrics(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { period: { type: 'string' }, compare: { type: 'string' }, segment: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: 'BOOK.kpiw' },
  );
  await openBook(session, positionals[0]!, true);
  const res = await call(session, 'metrics.compute', {
    ...(values.period !== undefined ? { period: values.period } : {}),
    ...(values.compare !== undefined ? { compare: values.compare } : {}),
    ...(values.segment !== undefined ? { segment: values.segment } : {}),
  });
  const settings = (await call(session, 'workbook.info', {}))!.settings;
  out(values.json ? JSON.stringify(toJson(res), null, 2) : printMetrics(res, settings));
}

async function cmdMovements(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { period: { type: 'string' }, of: { type: 'string' }, segment: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: 'BOOK.kpiw' },
  );
  if (values.of === undefined) throw new UsageError("movements needs --of pipeline (the open pipeline's bridge) or --of mrr (the MRR bridge).");
  if (values.of !== 'pipeline' && values.of !== 'mrr') throw new UsageError(`--of takes pipeline or mrr, not "${values.of}".`);
  await openBook(session, positionals[0]!, true);
  const res = await call(session, 'metrics.movements', {
    of: values.of,
    ...(values.period !== undefined ? { period: values.period } : {}),
    ...(values.segment !== undefined ? { segment: values.segment } : {}),
  });
  const settings = (await call(session, 'workbook.info', {}))!.settings;
  out(values.json ? JSON.stringify(res, null, 2) : printMovements(res, settings));
}

async function cmdCohorts(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { by: { type: 'string' }, period: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: 'BOOK.kpiw' },
  );
  if (values.by !== 'month' && values.by !== 'quarter')
    throw new UsageError(values.by === undefined ? 'cohorts needs --by month or --by quarter.' : `--by takes month or quarter, not "${values.by}".`);
  await openBook(session, positionals[0]!, true);
  const res = await call(session, 'metrics.cohorts', { by: values.by, ...(values.period !== undefined ? { period: values.period } : {}) });
  const settings = (await call(session, 'workbook.info', {}))!.settings;
  out(values.json ? JSON.stringify(res, null, 2) : printCohorts(res, settings));
}

async function cmdTargets(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { period: { type: 'string' }, set: { type: 'string', multiple: true }, segment: { type: 'string' }, list: { type: 'boolean' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: 'BOOK.kpiw' },
  );
  if (values.list) {
    await openBook(session, positionals[0]!, true);
    const rows = await call(session, 'targets.list', {});
    out(values.json ? JSON.stringify(rows, null, 2) : printTargets(rows));
    return;
  }
  if (!values.period || !values.set?.length) throw new UsageError('targets needs --period P and at least one --set ID=VALUE (or --list).');
  const pairs = values.set.map((s) => {
    const [id, text] = pair(s, '--set');
    const n = text.trim() === '' ? NaN : Number(text.trim().replace(/%$/, ''));
    if (!Number.isFinite(n)) throw new UsageError(`--set ${id}= takes a number, got "${text}".`);
    return [id, text.trim().endsWith('%') ? n / 100 : n] as [string, number];
  });
  const segment = values.segment ? pair(values.segment, '--segment') : undefined;
  await openBook(session, positionals[0]!, false);
  const rows = await call(session, 'targets.set', {
    period: values.period,
    values: pairs,
    ...(segment ? { segment: { field: segment[0], value: segment[1] } } : {}),
  });
  out(values.json ? JSON.stringify(rows, null, 2) : printTargets(rows));
}

async function cmdReport(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { period: { type: 'string' }, out: { type: 'string' } }, { min: 1, max: 1, names: 'BOOK.kpiw' });
  if (!values.out) throw new UsageError('Missing --out FILE.xlsx.');
  // Writable, so that the figures the report publishes are recorded for restatements.
  await openBook(session, positionals[0]!, 'whenFree');
  const res = await call(
    session,
    'report.export',
    { file: { path: resolve(values.out) }, ...(values.period !== undefined ? { period: values.period } : {}) },
    process.stderr.isTTY ? progressLine() : undefined,
  );
  const n = (x: number): string => x.toLocaleString('en-US');
  if (res.unrecorded !== null) {
    out(`Wrote ${values.out} (${n(res.bytes)} bytes).`);
    process.stderr.write(`kpiw: ${res.unrecorded}\n`);
  } else if (res.figures > 0)
    out(`Wrote ${values.out} (${n(res.bytes)} bytes); its ${n(res.figures)} figure${res.figures === 1 ? ' is' : 's are'} recorded in ${positionals[0]}.`);
  else out(`Wrote ${values.out} (${n(res.bytes)} bytes); no KPI has data for the period, so it published no figures.`);
}

async function cmdDemo(session: Session, argv: string[]): Promise<void> {
  const { values } = parse(argv, { out: { type: 'string' } }, { min: 0, max: 0, names: '' });
  if (!values.out) throw new UsageError('Missing --out BOOK.kpiw.');
  if (existsSync(values.out)) throw new CommandFailed(`${values.out} already exists; choose another name (nothing was changed).`);
  const info = await call(session, 'workbook.createSample', { file: { path: resolve(values.out) } });
  const summary = await call(session, 'data.summary', {});
  out(`Wrote the sample company "${info.settings.company_name}" to ${values.out}.`);
  out(printList(summary));
}

async function cmdList(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'BOOK.kpiw' });
  await openBook(session, positionals[0]!, true);
  const summary = await call(session, 'data.summary', {});
  if (values.json) {
    out(JSON.stringify(summary, null, 2));
    return;
  }
  const { duplicates } = (await call(session, 'workbook.info', {}))!;
  out([printList(summary), ...printDuplicates(duplicates, positionals[0]!)].join('\n'));
}

async function cmdUndo(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { batch: { type: 'string' } }, { min: 1, max: 1, names: 'BOOK.kpiw' });
  const batch = Number(values.batch);
  if (!values.batch || !Number.isInteger(batch) || batch < 1) throw new UsageError('undo needs --batch N (a batch number from `kpiw list`).');
  await openBook(session, positionals[0]!, false);
  const before = await call(session, 'data.summary', {});
  const removed = await call(session, 'import.undo', { batch });
  out(
    `Undid batch ${removed.id} (${removed.kind === 'merge' ? `the merge of duplicate ${removed.dataset} records` : removed.fileName}): ${undoneWords(removed)}.`,
  );
  const caution = undoCaution(removed, before.batches);
  if (caution) out(`Note: ${caution[0]!.toUpperCase()}${caution.slice(1)}`);
}

async function cmdMerge(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { dataset: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'BOOK.kpiw' });
  if (values.dataset === undefined || !isDatasetName(values.dataset)) throw new UsageError('merge needs --dataset DATASET (a dataset `kpiw list` names).');
  const book = positionals[0]!;
  await openBook(session, book, false);
  const merged = await call(session, 'data.mergeDuplicates', { dataset: values.dataset });
  if (values.json) out(JSON.stringify(merged, null, 2));
  else if (!merged) out(`${values.dataset} holds each record once; nothing to merge.`);
  else
    out(
      `Merged the duplicate ${merged.dataset} records as batch ${merged.id}: ${merged.removed.toLocaleString('en-US')} older rows set aside, the newest row of each record kept. ` +
        `\`kpiw undo ${book} --batch ${merged.id}\` brings them back.`,
    );
}

async function cmdHistory(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { dataset: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: 'BOOK.kpiw' },
  );
  if (values.dataset === undefined || !isDatasetName(values.dataset)) throw new UsageError('history needs --dataset DATASET (a dataset `kpiw list` names).');
  if (values.id === undefined || values.id === '') throw new UsageError("history needs --id ID (the record's ID as the export writes it).");
  await openBook(session, positionals[0]!, true);
  const h = await call(session, 'data.history', { dataset: values.dataset, id: values.id });
  out(values.json ? JSON.stringify({ versions: h.versions, dataset: h.dataset, key: h.key }, null, 2) : printHistory(h));
}

/** What undoing a batch did to the records, in words. */
function undoneWords(b: Output<'import.undo'>): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const parts = [
    b.added ? `${n(b.added)} ${b.dataset} records it added are gone` : '',
    b.changed ? `${n(b.changed)} records it changed are back to their earlier values` : '',
    b.removed ? `${n(b.removed)} records it removed are back` : '',
  ].filter((x) => x !== '');
  return parts.length ? parts.join('; ') : 'it had changed no record';
}

async function cmdServe(session: Session, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { port: { type: 'string' }, 'no-open': { type: 'boolean' } }, { min: 0, max: 1, names: 'BOOK.kpiw' });
  const { serve } = await import('../serve/command');
  await serve(session, {
    book: positionals[0] === undefined ? null : resolve(positionals[0]),
    port: values.port === undefined ? 0 : Number(values.port),
    open: !values['no-open'],
  });
}

const commands: Record<string, (s: Session, argv: string[]) => Promise<void>> = {
  import: cmdImport,
  metrics: cmdMetrics,
  movements: cmdMovements,
  cohorts: cmdCohorts,
  targets: cmdTargets,
  report: cmdReport,
  demo: cmdDemo,
  list: cmdList,
  undo: cmdUndo,
  merge: cmdMerge,
  history: cmdHistory,
  serve: cmdServe,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined && rest[0] !== 'help') {
    if (!Object.hasOwn(commands, rest[0])) {
      process.stderr.write(`kpiw: Unknown command "${rest[0]}".\n\n${usage}\n`);
      return 2;
    }
    out(commandHelp(rest[0]));
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(usage);
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command && (rest.includes('--help') || rest.includes('-h'))) {
    out(commandHelp(name));
    return 0;
  }
  const session = new Session(name === 'serve' ? 'serve' : 'cli', dataDir());
  try {
    if (!command) throw new UsageError(`Unknown command "${name}".`);
    await command(session, rest);
    if (name !== 'serve') await callService(session, 'workbook.close', {});
    return 0;
  } catch (e) {
    if (session.workbook && name !== 'serve') await callService(session, 'workbook.close', {});
    if (e instanceof UsageError) {
      process.stderr.write(`kpiw: ${e.message}\n\n${usage}\n`);
      return 2;
    }
    if (e instanceof CommandFailed || e instanceof AppFailure) {
      process.stderr.write(`kpiw: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
