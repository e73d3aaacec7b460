/**
 * Detection on the header row of every real export in shared/datasets (read straight from the file:
 * the first line of a CSV/TSV, the first row of each XLSX sheet).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import type { DatasetName } from '../../../../shared/datasets/catalog';
import { detectDataset } from '../../../../shared/datasets/detect';
import { realData, withoutRealData } from '../../../support/real-data';

const root = realData();

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(8192);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf
    .subarray(0, n)
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)[0]!;
}

/** Splits one header line on the delimiter it uses most, honouring double quotes. */
function splitHeader(line: string): string[] {
  const delimiter = ['\t', ';', '|', ','].reduce((best, d) => (line.split(d).length > line.split(best).length ? d : best), ',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

interface Expectation {
  readonly dataset: DatasetName | null;
  /** header -> field, for the chosen dataset (or for the best candidate when nothing is chosen). */
  readonly mapped?: Readonly<Record<string, string>>;
  readonly missing?: readonly string[];
  readonly suggested?: ReadonlyArray<readonly [string, string]>;
  /** Best candidate when nothing is chosen. */
  readonly best?: DatasetName;
}

const mavenPipeline: Expectation = {
  dataset: 'deals',
  mapped: {
    opportunity_id: 'deal_id',
    sales_agent: 'owner',
    product: 'product',
    account: 'customer_id',
    deal_stage: 'stage',
    engage_date: 'created_at',
    close_date: 'closed_at',
    close_value: 'amount',
  },
  missing: [],
};
const superstoreOrders: Expectation = {
  dataset: 'orders',
  mapped: {
    'Order ID': 'order_id',
    'Order Date': 'ordered_at',
    'Customer ID': 'customer_id',
    Sales: 'amount',
    Quantity: 'quantity',
    'Product Name': 'product',
  },
  missing: [],
};
const onlineRetail: Expectation = {
  dataset: 'orders',
  mapped: {
    InvoiceNo: 'order_id',
    InvoiceDate: 'ordered_at',
    CustomerID: 'customer_id',
    Quantity: 'quantity',
    UnitPrice: 'unit_price',
    Description: 'product',
  },
  // amount comes from quantity x unit price (the catalogue's alternative).
  missing: [],
};
const airline: Expectation = {
  dataset: 'surveys',
  mapped: { CustomerID: 'customer_id', 'How likely are you to recommend this airline?': 'score' },
  missing: ['kind'],
  suggested: [['kind', 'nps']],
};

const expected: Record<string, Expectation> = {
  'amazon-alexa-reviews/amazon_alexa.tsv': {
    dataset: 'surveys',
    mapped: { rating: 'score', date: 'responded_at' },
    missing: ['kind'],
    suggested: [['kind', 'csat']],
  },
  'crm-tool-exports/mailchimp_campaigns.csv': {
    dataset: 'email_campaigns',
    mapped: { 'Send Date': 'sent_at', 'Total Recipients': 'sent', 'Unique Id': 'campaign_id' },
    missing: [],
  },
  'crm-tool-exports/salesforce_opportunity.csv': {
    dataset: 'deals',
    mapped: {
      StageName: 'stage',
      Amount: 'amount',
      CloseDate: 'closed_at',
      CreatedDate: 'created_at',
      LeadSource: 'source',
      OwnerId: 'owner',
      AccountId: 'customer_id',
      Id: 'deal_id',
      Type: 'deal_type',
    },
    missing: [],
  },
  'crm-tool-exports/salesforce_opportunity_history.csv': {
    dataset: 'deals',
    mapped: { OppID: 'deal_id', CreatedDate: 'created_at', StageName: 'stage' },
    missing: [],
  },
  'fb-ad-campaigns/KAG_conversion_data.csv': {
    dataset: 'spend',
    mapped: { Date: 'spent_at', Spent: 'amount' },
    missing: ['category'],
    suggested: [['category', 'marketing']],
  },
  // Insurance customers: a policy's monthly premium is what they pay a month, from the policy's inception.
  'ibm-marketing-clv/WA_Fn-UseC_-Marketing-Customer-Value-Analysis.csv': {
    dataset: 'customers',
    mapped: {
      Customer: 'customer_id',
      State: 'region',
      'Monthly Premium Auto': 'monthly_revenue',
      'Months Since Policy Inception': 'tenure_months',
      'Sales Channel': 'source',
    },
    missing: [],
  },
  'ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv': {
    dataset: 'customers',
    mapped: { customerID: 'customer_id', Churn: 'churned', MonthlyCharges: 'monthly_revenue', tenure: 'tenure_months', Contract: 'plan' },
    missing: [],
  },
  'maven-crm-sales/accounts.csv': { dataset: null },
  'maven-crm-sales/products.csv': { dataset: null },
  'maven-crm-sales/sales_teams.csv': { dataset: null, best: 'deals' },
  'maven-crm-sales/sales_pipeline.csv': mavenPipeline,
  'maven-crm-sales/variants/sales_pipeline_mdy_dates.csv': mavenPipeline,
  'maven-crm-sales/variants/sales_pipeline_dmy_dates_null_strings.csv': mavenPipeline,
  'nps-surveys-preppin/prep_air_nps.csv': airline,
  'nps-surveys-preppin/other_airlines_nps.csv': airline,
  'nps-surveys-preppin/sudzilla_conference_survey.csv': {
    dataset: 'surveys',
    mapped: { Timestamp: 'responded_at', 'On a scale of 0-10, how would you rate Sudzilla?': 'score' },
    missing: ['kind'],
    suggested: [['kind', 'nps']],
  },
  // Closed deals alone have no creation date: the best reading is leads that converted, but nothing is chosen.
  'olist-marketing-funnel/olist_closed_deals_dataset.csv': {
    dataset: null,
    best: 'leads',
    mapped: { mql_id: 'lead_id', won_date: 'converted_at' },
    missing: ['created_at'],
  },
  'olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv': {
    dataset: 'leads',
    mapped: { mql_id: 'lead_id', first_contact_date: 'created_at', origin: 'source' },
    missing: [],
  },
  'superstore/Sample - Superstore.xlsx#Orders': superstoreOrders,
  'superstore/Sample - Superstore.xlsx#Returns': { dataset: null },
  'superstore/Sample - Superstore.xlsx#People': { dataset: null },
  'superstore/variants/superstore_cp1252_mixed_date_formats.csv': superstoreOrders,
  'superstore/variants/superstore_semicolon_decimal_comma_cp1252.csv': {
    dataset: 'orders',
    mapped: { 'Customer Name': 'customer_id', Sales: 'amount', Quantity: 'quantity', 'Product Name': 'product' },
    missing: ['ordered_at'],
  },
  'support-tickets/customer_support_tickets.csv': {
    dataset: 'tickets',
    mapped: {
      'Ticket ID': 'ticket_id',
      'Customer Email': 'customer_id',
      'First Response Time': 'first_response_at',
      'Time to Resolution': 'resolved_at',
      'Customer Satisfaction Rating': 'satisfaction',
      'Ticket Channel': 'channel',
      'Ticket Priority': 'priority',
      'Ticket Status': 'status',
    },
    missing: ['created_at'],
  },
  'uci-bank-marketing/bank.csv': { dataset: null },
  'uci-online-retail/online_retail_sample.csv': onlineRetail,
  'uci-online-retail/Online Retail.xlsx#Sheet1': onlineRetail,
};

async function headerRows(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const walk = async (dir: string): Promise<void> => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(root, path).split('\\').join('/');
      if (statSync(path).isDirectory()) await walk(path);
      else if (/\.(csv|tsv)$/i.test(name)) out.set(rel, splitHeader(firstLine(path)));
      else if (/\.xlsx$/i.test(name)) {
        const book = new ExcelJS.Workbook();
        await book.xlsx.readFile(path);
        for (const sheet of book.worksheets) {
          const row = sheet.getRow(1);
          const headers: string[] = [];
          for (let c = 1; c <= row.cellCount; c += 1) headers.push(String(row.getCell(c).value ?? ''));
          out.set(`${rel}#${sheet.name}`, headers);
        }
      }
    }
  };
  await walk(root);
  return out;
}

test('every real export is detected as the expected dataset with the key columns mapped', { skip: withoutRealData }, async () => {
  const files = await headerRows();
  assert.ok(files.size >= 25, `found only ${files.size} tables`);
  for (const [file, headers] of files) {
    const want = expected[file];
    assert.ok(want, `no expectation written for ${file} (headers: ${headers.join(', ')})`);
    const d = detectDataset(headers);
    assert.equal(d.chosen?.dataset ?? null, want.dataset, `${file}: ${d.explanation}`);
    const c = d.chosen ?? (want.best ? d.candidates[0] : undefined);
    if (want.best) assert.equal(d.candidates[0]?.dataset, want.best, file);
    if (!c) continue;
    const got = new Map([...c.mapping].map(([i, f]) => [headers[i]!, f]));
    for (const [header, fieldName] of Object.entries(want.mapped ?? {})) assert.equal(got.get(header), fieldName, `${file}: ${header}`);
    if (want.missing) assert.deepEqual([...c.missingRequired], [...want.missing], file);
    if (want.suggested)
      assert.deepEqual(
        c.suggestedSet.map(([f, v]) => [f, v]),
        want.suggested.map(([f, v]) => [f, v]),
        file,
      );
  }
  for (const file of Object.keys(expected)) assert.ok(files.has(file), `expected file ${file} was not found`);
});
