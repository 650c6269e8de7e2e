import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { HANDLERS } from './app/handlers.ts';
import { advertise, DatabaseHeldError, defaultDataDir, openDatabase } from './app/open.ts';
import { DEMO_LOGIN, DEMO_PORTAL_LOGIN, seedDemo } from './demo/seed.ts';
import { Dispatcher } from './events/dispatcher.ts';
import { buildServer } from './http/server.ts';
import { listTenants } from './identity/tenants.ts';
import { FolderMailer, mailerFromEnv } from './notifications/mailer.ts';
import { deliverPending } from './notifications/queue.ts';
import { runDueTrackingEvents } from './shipping/run-due.ts';
import { runConsolidatedInvoicing } from './billing/consolidate.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
const databaseUrl = process.env.DATABASE_URL;
const dataDir = defaultDataDir();

async function main() {
  const opened = await openDatabase({ databaseUrl, dataDir, holder: { kind: 'server' } }).catch((e) => {
    if (e instanceof DatabaseHeldError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  });
  const { db } = opened;
  console.log(`o2c: database ${opened.where}`);
  let seeded = false;
  if ((await listTenants(db)).length === 0 && process.env.O2C_NO_DEMO !== '1') {
    console.log('o2c: first start — creating the demo tenant and its data…');
    await seedDemo(db);
    seeded = true;
  }
  const dispatcher = new Dispatcher(db, HANDLERS, (e, what) => console.error(`o2c: event handler failed (${what}):`, e));
  dispatcher.start(1000);
  const mailer = mailerFromEnv();
  console.log(`o2c: outgoing mail via ${mailer instanceof FolderMailer ? `files in ${mailer.dir} (set O2C_SMTP_URL to send)` : mailer.target}`);
  const mail = setInterval(() => { deliverPending(db, mailer).catch((e) => console.error('o2c: mail delivery failed:', e)); }, 2000);
  mail.unref();
  const tracking = setInterval(() => { runDueTrackingEvents(db, new Date()).catch((e) => console.error('o2c: simulated tracking failed:', e)); }, 5000);
  tracking.unref();
  // Weekly and monthly customers are billed once their period has ended; running it again bills nothing twice.
  const billing = setInterval(() => {
    const now = new Date();
    listTenants(db).then((ts) => Promise.all(ts.map((t) => runConsolidatedInvoicing(db, { tenantId: t.id, actor: { type: 'system', id: null, name: 'consolidated invoicing', roles: ['billing'] }, now }, now.toISOString().slice(0, 10)))))
      .catch((e) => console.error('o2c: consolidated invoicing failed:', e));
  }, 3_600_000);
  billing.unref();
  const app = await buildServer({ db, dispatcher, webDist: resolve(root, 'web/dist'), logger: true });
  await app.listen({ port, host });
  const url = `http://localhost:${port}`;
  if (!databaseUrl) advertise(dataDir, url);
  console.log(`o2c: listening on ${url}  (API docs ${url}/docs)`);
  if ((await listTenants(db)).some((t) => t.slug === DEMO_LOGIN.tenant)) {
    console.log(`o2c: demo login — tenant "${DEMO_LOGIN.tenant}", email ${DEMO_LOGIN.email}, password ${DEMO_LOGIN.password}${seeded ? ' (just created)' : ''}`);
    console.log(`o2c: customer portal — the same page, email ${DEMO_PORTAL_LOGIN.email}, password ${DEMO_PORTAL_LOGIN.password}`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('o2c: stopping…');
    clearInterval(mail);
    clearInterval(tracking);
    clearInterval(billing);
    await app.close();
    await dispatcher.stop();
    await opened.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error('o2c: failed to start:', e);
  process.exit(1);
});
