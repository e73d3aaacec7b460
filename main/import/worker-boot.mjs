// Starts the import worker from the TypeScript sources: a worker thread does not inherit the tsx
// loader of the thread that made it, so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
