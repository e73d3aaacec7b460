import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake on the command line: printed with the usage line, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Config<T extends Options> = { args: string[]; options: T; allowPositionals: true; strict: true };
export type Parsed<T extends Options> = ReturnType<typeof parseArgs<Config<T>>>;

/** node:util parseArgs with errors a person can act on. */
export function parse<T extends Options>(argv: string[], options: T, positionals: { min: number; max: number; names: string }): Parsed<T> {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs<Config<T>>({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    throw new UsageError(n < positionals.min ? `Missing ${positionals.names}.` : `Unexpected argument "${parsed.positionals[positionals.max]}".`);
  }
  return parsed;
}

/** Splits `NAME=VALUE` at the first '='; the name may not be empty. */
export function pair(text: string, option: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new UsageError(`${option} takes NAME=VALUE, got "${text}".`);
  return [text.slice(0, i), text.slice(i + 1)];
}
