#!/usr/bin/env node
// The `kpiw` command. It runs the TypeScript sources through tsx (a runtime dependency), so
// `npm install` then `npx kpiw ...` works with no build step, whatever the install scripts setting.
import { register } from 'tsx/esm/api';

register();
await import('./kpiw.ts');
