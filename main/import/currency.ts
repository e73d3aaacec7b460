/**
 * The currency an import reads its amounts in. A workbook holds one currency and never converts:
 * while it has no data, the import may choose it (the user's choice, else what the amounts say,
 * else this computer's region); once it has data, amounts in another currency are rows left out,
 * and a file that looks so is said at once, in one warning rather than only row by row.
 */
import type { Database } from 'sql.js';
import type { ImportCurrency, ImportOptions } from '../../shared/api';
import { dataset as datasetDef, datasets, storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import type { Cell } from '../../shared/datasets/cell';
import { localeCurrency, readCurrencies, type CurrencyColumn } from '../../shared/datasets/currency';
import { AppFailure } from '../../shared/result';
import { q } from '../store/schema';
import { currencyChosen, readSettings, systemCurrency, systemLocale } from '../store/settings';

export interface CurrencyDecision extends ImportCurrency {
  readonly notes: string[];
  readonly warnings: string[];
}

/**
 * Whether any current record holds an amount: until then the workbook's currency may change (a first
 * import of leads or web traffic, without money, leaves it to the first file with amounts).
 */
export const holdsAmounts = (db: Database): boolean =>
  datasets.some((d) => {
    const money = storedFields(d.name).filter((f) => f.type === 'money');
    if (money.length === 0) return false;
    const any = money.map((f) => `${q(f.name)} IS NOT NULL`).join(' OR ');
    return Number(db.exec(`SELECT EXISTS (SELECT 1 FROM ${q(d.name)} WHERE ${q(systemColumns.until)} IS NULL AND (${any}))`)[0]?.values[0]?.[0]) === 1;
  });

/** Why a workbook with data keeps its currency when asked for another. */
export function currencyFixed(current: string, asked: string): string {
  return (
    `this workbook holds data in ${current}, so its currency stays ${current}: amounts are never converted. ` +
    `Keep amounts in ${asked} in a workbook of their own, or convert them to ${current} before importing`
  );
}

interface FileColumns {
  readonly dataset: DatasetName;
  readonly headers: readonly string[];
  readonly samples: readonly (readonly Cell[])[];
  readonly mapping: ReadonlyMap<number, string>;
  readonly constants: ReadonlyMap<string, string>;
  readonly delimiter?: string | undefined;
}

/** The mapped columns whose values may name a currency, and a currency given to every row. */
function currencyColumns(f: FileColumns): CurrencyColumn[] {
  const def = datasetDef(f.dataset);
  const out: CurrencyColumn[] = [];
  for (const [index, field] of [...f.mapping].sort((a, b) => a[0] - b[0])) {
    const kind = field === 'currency' ? 'code' : def.fields.find((x) => x.name === field)?.type === 'money' ? 'money' : null;
    if (kind) out.push({ header: f.headers[index] ?? `column ${index + 1}`, kind, cells: f.samples.map((r) => r[index] ?? null) });
  }
  const given = f.constants.get('currency');
  if (given !== undefined) out.push({ header: 'currency', kind: 'code', cells: [given] });
  return out;
}

/**
 * Decides the currency of an import into `db` (null: no workbook open yet, as a new one) from the
 * file's first rows. `dryRun` words the notes as what the import will do.
 */
export function decideCurrency(db: Database | null, options: ImportOptions, file: FileColumns, fileName: string, dryRun: boolean): CurrencyDecision {
  // Only a file with amounts (or a currency chosen for it) settles the currency of a workbook without any.
  const open = (db === null || !holdsAmounts(db)) && (options.currency !== undefined || currencyColumns(file).length > 0);
  const chosen = db !== null && currencyChosen(db);
  const current = db ? readSettings(db).currency : systemCurrency();
  if (options.currency !== undefined && !open && options.currency !== current) {
    throw new AppFailure('import_bad_option', `${fileName}: ${currencyFixed(current, options.currency)}.`, { file: fileName, option: 'currency' });
  }
  const locale = systemLocale();
  const local = localeCurrency(locale);
  const settled = options.currency ?? (chosen || !open ? current : null);
  const read = readCurrencies(currencyColumns(file), settled, local, file.delimiter);
  const is = dryRun ? 'will be' : 'is';
  const notes: string[] = [];
  let code: string;
  let from: ImportCurrency['from'];
  if (options.currency !== undefined) {
    code = options.currency;
    from = 'chosen';
    if (open) notes.push(`This workbook ${is} in ${code}, as you chose.`);
  } else if (settled !== null) {
    code = settled;
    from = 'workbook';
    if (open) notes.push(`This workbook ${is} in ${code}, as its settings say.`);
  } else if (read.main !== null) {
    code = read.main;
    from = 'amounts';
    const assumed = read.assumed.length ? ` (${read.assumed.join(', ')}${dryRun ? ': if they are another currency, choose it before importing' : ''})` : '';
    notes.push(`This workbook ${is} in ${code}, read from the amounts${assumed}.`);
  } else {
    code = local ?? 'USD';
    from = 'locale';
    notes.push(
      local !== null
        ? `This workbook ${is} in ${code}, this computer's currency (${locale}): no amount in the file names one.`
        : `This workbook ${is} in USD: no amount in the file names a currency, and this computer's region (${locale}) has none known here.`,
    );
  }
  const warnings = read.mixed.map(
    (m) =>
      `"${m.header}" mixes currencies (${m.currencies.join(', ')}): its rows in ${m.currencies.filter((c) => c !== code).join(' or ') || 'another currency'} are left out, since this workbook ${is} in ${code}. ` +
      `Keep each currency in a workbook of its own, or convert the amounts to ${code} before importing.`,
  );
  if (read.main !== null && read.main !== code && read.mixed.length === 0) {
    warnings.push(
      open
        ? `The amounts are in ${read.main}, but this workbook ${is} in ${code}, so their rows are left out. It holds no amounts yet: choose ${read.main} as its currency to keep them.`
        : `The amounts are in ${read.main}, but this workbook is in ${code} and holds data, so their rows are left out. Import the file into a workbook of its own (one per currency), or convert the amounts to ${code} first.`,
    );
  }
  return { code, from, open, notes, warnings };
}
