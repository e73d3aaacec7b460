/**
 * The real third-party exports live beside the project (../shared/datasets), not in it: several of
 * them may not be redistributed. A clone on its own has no such folder, so every test that reads it
 * skips with the one reason below, and test/run.ts counts those skips in a single line.
 * test/fixtures holds the small slices that keep the main real-data checks running anyway.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

export const REAL_DATA_MISSING = '../shared/datasets is not beside the project';

/** The path of a file under ../shared/datasets (`maven-crm-sales/sales_pipeline.csv`), or the folder itself. */
export const realData = (rel = ''): string => root + rel;

/** The `skip` option of a test that reads the real exports: the reason when they are absent. */
export const withoutRealData: string | false = existsSync(root) ? false : REAL_DATA_MISSING;
