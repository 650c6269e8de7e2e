// `npm start` serves web/dist: build it when it is missing or older than the web sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const newest = (dir) =>
  readdirSync(dir).reduce((m, f) => {
    const p = join(dir, f);
    const st = statSync(p);
    return Math.max(m, st.isDirectory() ? newest(p) : st.mtimeMs);
  }, 0);

const built = 'web/dist/index.html';
if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newest('web/src'), statSync('web/index.html').mtimeMs)) {
  console.log('o2c: building the web app…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
