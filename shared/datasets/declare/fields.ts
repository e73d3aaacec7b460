/** Fields several datasets declare alike. */
import type { FieldDef } from '../catalog';

/** A text field KPIs can be split by. */
export const seg = (name: string, label: string, headers: readonly string[]): FieldDef => ({ name, label, type: 'text', segment: true, headers });

/** The currency a row's amounts are in, checked against the workbook's and not stored. */
export const currency = (headers: readonly string[] = ['Currency']): FieldDef => ({
  name: 'currency',
  label: 'Currency',
  type: 'text',
  importOnly: true,
  headers,
});
