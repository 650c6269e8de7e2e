// Runs the whole suite with Node's test runner: type check first, then every *.test.ts under test/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

const only = process.argv.slice(2);
if (!only.length && !process.env.O2C_SKIP_TYPECHECK) {
  console.log('type check (tsc --noEmit)…');
  const tc = spawnSync('npx', ['tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (tc.status !== 0) process.exit(tc.status ?? 1);
}
// The browser test needs the built web app; this builds it only when the sources changed.
const web = spawnSync(process.execPath, ['scripts/ensure-web.mjs'], { stdio: 'inherit' });
if (web.status !== 0) process.exit(web.status ?? 1);
const files = only.length ? only : find('test').sort();
// Files the app drops for partners (EDI, Peppol) go to a throwaway folder, not to ./data.
const out = mkdtempSync(join(tmpdir(), 'o2c-test-out-'));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { O2C_EDI_OUT_DIR: join(out, 'edi'), O2C_PEPPOL_OUT_DIR: join(out, 'peppol'), ...process.env } });
rmSync(out, { recursive: true, force: true });
process.exit(r.status ?? 1);
