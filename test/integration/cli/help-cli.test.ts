/**
 * Help for every command, both ways a person asks for it: `kpiw COMMAND --help` and `kpiw help
 * COMMAND` print what the command does and its usage lines, exit 0 and touch nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { kpiw, tempDir } from './run-cli';

/** The commands the general usage lists, read from it so a new command cannot go without help. */
function commands(): string[] {
  const r = kpiw(['--help']);
  assert.equal(r.code, 0, r.stderr);
  const names = [...r.stdout.matchAll(/^ {2}kpiw ([a-z]+) /gm)].map((m) => m[1]!).filter((n) => n !== 'help');
  return [...new Set(names)];
}

test('the general usage names every command', () => {
  assert.deepEqual(commands().sort(), ['cohorts', 'demo', 'history', 'import', 'list', 'merge', 'metrics', 'movements', 'report', 'serve', 'targets', 'undo']);
  assert.match(kpiw(['--help']).stdout, /kpiw help COMMAND/);
});

test('kpiw COMMAND --help and kpiw help COMMAND print the same help, exit 0 and write nothing', () => {
  const dir = tempDir();
  for (const command of commands()) {
    const asked = kpiw([command, '--help'], dir);
    assert.equal(asked.code, 0, `${command} --help: ${asked.stderr}`);
    assert.equal(asked.stderr, '', command);
    // What it does first, then its own usage lines only.
    const [about, usage] = asked.stdout.split('\n\nUsage:\n');
    assert.ok(about !== undefined && about.trim().length > 20, `${command}: ${asked.stdout}`);
    assert.ok(usage !== undefined, `${command}: ${asked.stdout}`);
    for (const line of usage.trimEnd().split('\n')) assert.match(line, new RegExp(`^(?: {2}kpiw ${command} | {5})`), `${command}: ${line}`);

    const viaHelp = kpiw(['help', command], dir);
    assert.equal(viaHelp.code, 0, `help ${command}: ${viaHelp.stderr}`);
    assert.equal(viaHelp.stdout, asked.stdout, `help ${command}`);
    assert.equal(kpiw([command, '-h'], dir).stdout, asked.stdout, `${command} -h`);
  }
  assert.match(kpiw(['help', 'import']).stdout, /--missing keep\|delete/);
  assert.match(kpiw(['help', 'targets']).stdout, /kpiw targets BOOK\.kpiw --list/);
  assert.deepEqual(readdirSync(dir), []);
});

test('help for a command that does not exist is a usage error', () => {
  const r = kpiw(['help', 'exprot']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^kpiw: Unknown command "exprot"\.\n\nUsage:/);
  assert.equal(r.stdout, '');
});
