#!/usr/bin/env node
// The o2c CLI runs its TypeScript sources through tsx, the same way `npm start` runs the server.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Bulk work (a cash application run over a million open items, the imports) keeps a batch of rows in flight
// while the database books the one before; with V8's default young generation all of it outlives a scavenge and
// is copied into the old one (measured: a quarter of a cash application run's CPU). V8 sizes the young generation
// when it starts, so the CLI starts itself once more with a larger one, as `npm start` and `npm run bench` do.
const YOUNG = '--max-semi-space-size=64';

if (process.execArgv.includes(YOUNG)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  const child = spawn(process.execPath, [YOUNG, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches both processes (one process group) and the CLI handles it; a signal sent to this one alone is passed on.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}
