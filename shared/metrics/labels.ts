/** The words every face (dashboard, CLI, report) shows for a KPI's area and target status. */
import type { Area, TargetStatus } from './types';

/** The areas in the order every face lists them. */
export const areas: readonly Area[] = ['sales', 'marketing', 'customers', 'service', 'adoption'];

export const areaLabels: Readonly<Record<Area, string>> = {
  sales: 'Sales',
  marketing: 'Marketing',
  customers: 'Customers',
  service: 'Service',
  adoption: 'Adoption',
};

export const targetStatusLabels: Readonly<Record<TargetStatus, string>> = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' };
