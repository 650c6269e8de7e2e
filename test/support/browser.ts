import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { HANDLERS } from '../../src/app/handlers.ts';
import { DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import { Dispatcher } from '../../src/events/dispatcher.ts';
import { buildServer } from '../../src/http/server.ts';
import { freshDb, type TestDb } from './db.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Debian's chromium, headless, with the flags that keep it off the network; null when it is not installed. */
export async function launchChromium(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) return null;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface Login {
  tenant: string;
  email: string;
  password: string;
}

/** A demo staff login (every demo user shares the demo password). */
export const demoLogin = (email: string): Login => ({ tenant: DEMO_LOGIN.tenant, email, password: DEMO_LOGIN.password });

export interface DemoApp {
  db: TestDb['db'];
  app: FastifyInstance;
  url: string;
  browser: Browser | null;
  close(): Promise<void>;
}

/**
 * A suite of screen tests on one demo app, skipped (saying why) where Debian's chromium is not installed. `demo` is
 * the running app once the suite has started (its browser is there then).
 */
export function describeScreens(name: string, body: (demo: DemoApp & { browser: Browser }) => void): void {
  describe(name, { skip: !existsSync(CHROMIUM) && `no browser at ${CHROMIUM}` }, () => {
    let started: DemoApp | undefined;
    before(async () => { started = await startDemoApp(); });
    after(async () => { await started?.close(); });
    const live = () => {
      assert.ok(started, 'the demo app has started');
      return started;
    };
    body({
      get db() { return live().db; },
      get app() { return live().app; },
      get url() { return live().url; },
      get browser() { return live().browser!; },
      close: () => live().close(),
    });
  });
}

/** The demo on PGlite behind a real server serving the built web app, and Debian's chromium to look at it. */
export async function startDemoApp(): Promise<DemoApp> {
  assert.ok(existsSync('web/dist/index.html'), 'the web app is built (npm run build:web)');
  const t = await freshDb('pglite');
  await seedDemo(t.db);
  const app = await buildServer({ db: t.db, dispatcher: new Dispatcher(t.db, HANDLERS), webDist: 'web/dist' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  return {
    db: t.db, app, url, browser,
    async close() {
      await browser?.close();
      await app.close();
      await t.close();
    },
  };
}

export async function logIn(page: Page, login: Login): Promise<void> {
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-tenant').fill(login.tenant);
  await page.getByTestId('login-email').fill(login.email);
  await page.getByTestId('login-password').fill(login.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

/**
 * A page for a screen test: the page errors it collects (a test asserts there are none), and `shot(name)`, which
 * keeps a full-page screenshot `<prefix>-<name>.png` when O2C_SHOTS names a folder.
 */
export async function screenPage(browser: Browser, prefix: string, options: BrowserContextOptions = {}) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, ...options });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const shots = process.env.O2C_SHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  const shot = async (name: string) => {
    if (shots) await page.screenshot({ path: join(shots, `${prefix}-${name}.png`), fullPage: true });
  };
  return { page, errors, shot };
}
