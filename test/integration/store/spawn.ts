import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of a child script in this folder. */
export const childScript = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** Starts `node --import tsx <script> ...args`, optionally under a shell prefix such as `ulimit -f 256;`. */
export function startChild(script: string, args: string[], shellPrefix?: string): ChildProcessWithoutNullStreams {
  const argv = [process.execPath, '--import', 'tsx', childScript(script), ...args];
  if (!shellPrefix) return spawn(argv[0]!, argv.slice(1), { stdio: 'pipe' });
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return spawn('bash', ['-c', `${shellPrefix} exec ${quoted}`], { stdio: 'pipe' });
}

/** Collects a child's stdout lines; `next()` waits for the next line (rejects if the child exits first). */
export function lines(child: ChildProcessWithoutNullStreams): { all: string[]; next: () => Promise<string>; stderr: () => string } {
  const all: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let buffered = '';
  let err = '';
  let ended = false;
  const queue: string[] = [];
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      all.push(line);
      const w = waiting.shift();
      if (w) w(line);
      else queue.push(line);
    }
  });
  child.stdout.on('end', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(null);
  });
  return {
    all,
    stderr: () => err,
    next: () =>
      new Promise((resolve, reject) => {
        const settle = (line: string | null): void => (line === null ? reject(new Error(`child ended early: ${err}`)) : resolve(line));
        const queued = queue.shift();
        if (queued !== undefined) settle(queued);
        else if (ended) settle(null);
        else waiting.push(settle);
      }),
  };
}

/** Resolves with the exit code / signal once the child has exited. */
export const exited = (child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
