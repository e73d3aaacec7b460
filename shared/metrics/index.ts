/** The KPI catalogue in display order, checked as it loads. */
import { checkCatalogue, type MetricDef } from './define';
import { sales } from './sales';
import { marketing } from './marketing';
import { customers } from './customers';
import { service } from './service';
import { adoption } from './adoption';

export const catalogue: readonly MetricDef[] = [...sales, ...marketing, ...customers, ...service, ...adoption];
checkCatalogue(catalogue);

export const byId: ReadonlyMap<string, MetricDef> = new Map(catalogue.map((m) => [m.id, m]));
