/** For the welcome checklist and the import page: how many KPIs read a dataset, and its summary inside a sentence. */
import type { DatasetName } from '../shared/datasets/catalog';
import type { MetricInfo } from '../shared/api';

/** The KPIs of the catalogue that read a dataset. */
export const kpisUsing = (catalogue: readonly MetricInfo[], ds: DatasetName): number => catalogue.filter((m) => ds in m.needs).length;

/** The words within a sentence: a capital only where it starts a name (NPS stays). */
export const inSentence = (words: string): string => (/^[A-Z][a-z]/.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words);
