/**
 * The names of every call and event of the API, with no dependencies: the Electron preload imports
 * this list alone to refuse anything else. shared/api.ts checks at compile time that it matches the
 * contract exactly.
 */
export const apiNames = [
  'app.info',
  'workbook.info',
  'workbook.create',
  'workbook.open',
  'workbook.openSample',
  'workbook.createSample',
  'workbook.save',
  'workbook.saveAs',
  'workbook.close',
  'settings.set',
  'import.inspect',
  'import.preview',
  'import.values',
  'import.run',
  'import.undo',
  'data.summary',
  'data.mergeDuplicates',
  'data.rows',
  'data.history',
  'metrics.catalogue',
  'metrics.compute',
  'metrics.trend',
  'metrics.rows',
  'metrics.movements',
  'metrics.movementRows',
  'metrics.cohorts',
  'data.stages',
  'targets.list',
  'targets.set',
  'report.export',
  'jobs.cancel',
  'files.forget',
  'files.pickOpen',
  'files.pickSave',
  'view.get',
  'view.set',
] as const;

export const eventNames = ['job.progress', 'menu.action', 'workbook.changed'] as const;

export type ApiName = (typeof apiNames)[number];
export type EventName = (typeof eventNames)[number];

export function isApiName(name: unknown): name is ApiName {
  return typeof name === 'string' && (apiNames as readonly string[]).includes(name);
}
