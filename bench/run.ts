// `npm run bench`: order-to-cash cycles per second on PGlite, and on PostgreSQL when a server answers.
// stdout carries only the figures, one per line as `name value unit`; everything else goes to stderr.
//
// Knobs (environment): BENCH_DATABASE_URL (server for the throwaway database), BENCH_ENGINES (pglite,postgres),
// BENCH_CYCLES_PGLITE (300), BENCH_CYCLES_POSTGRES (2000), BENCH_WORKERS_PGLITE (4), BENCH_WORKERS_POSTGRES (16),
// BENCH_POOL (16), BENCH_DISPATCHERS_PGLITE (1), BENCH_DISPATCHERS_POSTGRES (4), BENCH_MAX_SECONDS (60 per engine,
// timed part), BENCH_IMPORT_LINES (100000 order lines imported on PostgreSQL; PGlite imports at most 10000),
// BENCH_RESERVATION_ORDERS (3000 orders confirmed at once on 5 hot products on PostgreSQL; 500 on PGlite),
// BENCH_INVOICES (2000 shipments invoiced 16 at once, then rendered as UBL, on PostgreSQL; 300 on PGlite),
// BENCH_CASHAPP_ITEMS / BENCH_CASHAPP_LINES (1,000,000 open items and a statement of 100,000 receipts on PostgreSQL;
// PGlite gets 20,000 and 2,000).
// BENCH_AGING_ITEMS (1,000,000 open items of 10,000 customers aged on PostgreSQL).
//
// PGlite is one connection in this process: more workers only queue, and measured 16 workers are ~30 % slower
// than 1 (every statement costs more with many transactions interleaved in one process), so it runs 4 orders in
// flight; PostgreSQL gets 16 workers on a 16-connection pool.
import { availableParallelism, loadavg } from 'node:os';
import { checkBooks } from './books.ts';
import { countingDb, diffCounts } from './counting-db.ts';
import { backendCpuMs, nodeCpuMs } from './cpu.ts';
import { runCycles } from './cycle.ts';
import { openBenchDb, serverReachable, SERVER_URL, type BenchDb, type Engine } from './databases.ts';
import { DispatcherPool } from './dispatchers.ts';
import { profileCycles } from './profile.ts';
import { setUp } from './setup.ts';
import { benchOrderImport } from './order-import.ts';
import { benchReservations } from './reservations.ts';
import { benchInvoicing } from './invoicing.ts';
import { benchCashapp } from './cashapp.ts';
import { benchAging } from './aging.ts';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? '');
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

interface EngineConfig {
  cycles: number;
  warmup: number;
  profile: number;
  workers: number;
  dispatchers: number;
  pool: number;
}

const CONFIG: Record<Engine, EngineConfig> = {
  pglite: {
    cycles: env('BENCH_CYCLES_PGLITE', 300), warmup: 30, profile: 10,
    workers: env('BENCH_WORKERS_PGLITE', 4), dispatchers: env('BENCH_DISPATCHERS_PGLITE', 1), pool: 1,
  },
  postgres: {
    cycles: env('BENCH_CYCLES_POSTGRES', 2000), warmup: 150, profile: 20,
    workers: env('BENCH_WORKERS_POSTGRES', 16), dispatchers: env('BENCH_DISPATCHERS_POSTGRES', 4), pool: env('BENCH_POOL', 16),
  },
};
const MAX_SECONDS = env('BENCH_MAX_SECONDS', 60);

const note = (text: string) => process.stderr.write(`bench: ${text}\n`);
const figure = (name: string, value: number, unit: string) => process.stdout.write(`${name} ${value.toFixed(1)} ${unit}\n`);

const open: BenchDb[] = [];

async function benchEngine(engine: Engine): Promise<number> {
  const cfg = CONFIG[engine];
  const t0 = performance.now();
  const bdb = await openBenchDb(engine, cfg.pool);
  open.push(bdb);
  try {
    const { db, counts } = countingDb(bdb.db);
    const catalogue = await setUp(db, { customers: 50, products: 20, stockPerProduct: 1_000_000n });
    note(`${engine}: ${bdb.where}, 1 tenant, ${catalogue.customers.length} customers, ${catalogue.products.length} products, ` +
      `set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const dispatchers = new DispatcherPool(db, cfg.dispatchers);
    const ctx = { db, catalogue, dispatchers, invoiceTimeoutMs: 30_000 };
    let seq = 1;
    const warm = await runCycles(ctx, { cycles: cfg.warmup, workers: cfg.workers, seed: 1, firstSeq: seq, deadlineMs: MAX_SECONDS * 1000 });
    seq += warm.completed;
    const profile = await profileCycles(db, counts, bdb.db, catalogue, cfg.profile, seq);
    seq += cfg.profile;
    // As pgbench does before a run: fresh statistics and no dead rows from setup and warm-up (the CI server runs
    // with autovacuum off, and PGlite has no autovacuum at all).
    await bdb.db.query('VACUUM ANALYZE');
    note(`${engine}: warmed up with ${warm.completed} cycles; per cycle, one at a time (round trips = statements + 2 × tx on PostgreSQL):\n${profile}`);

    const before = { ...counts };
    const load = loadavg()[0];
    note(`${engine}: timing ${cfg.cycles} cycles, ${cfg.workers} workers, ${cfg.dispatchers} dispatcher(s); ` +
      `load average ${load.toFixed(1)} on ${availableParallelism()} cores before the run…`);
    const cpu0 = { node: nodeCpuMs(), pg: bdb.database ? backendCpuMs(bdb.database) : null };
    const r = await runCycles(ctx, { cycles: cfg.cycles, workers: cfg.workers, seed: 2, firstSeq: seq, deadlineMs: MAX_SECONDS * 1000 });
    const cpu1 = { node: nodeCpuMs(), pg: bdb.database ? backendCpuMs(bdb.database) : null };
    seq += r.completed;
    const d = diffCounts(counts, before);
    const rate = r.completed / r.seconds;
    const per = (v: number) => (v / r.completed).toFixed(1);
    note(`${engine}: ${r.completed} cycles in ${r.seconds.toFixed(2)} s = ${rate.toFixed(1)} cycles/s; per cycle ` +
      `${per(d.statements)} statements, ${per(d.transactions)} transactions, ` +
      `${((d.attempts - d.transactions) / r.completed).toFixed(3)} retries (deadlock/serialization); CPU per cycle: ` +
      `node ${per(cpu1.node - cpu0.node)} ms` +
      (cpu0.pg !== null && cpu1.pg !== null ? `, postgres backends ${per(cpu1.pg - cpu0.pg)} ms` : ''));
    if (r.cutShort) note(`${engine}: stopped after ${MAX_SECONDS} s (BENCH_MAX_SECONDS) with ${r.completed} of ${cfg.cycles} cycles; the figure is over those`);

    const problems = await checkBooks(bdb.db, catalogue.tenant.id, seq - 1);
    if (problems.length) {
      throw new Error(`the books do not hold on ${engine} after ${seq - 1} cycles:\n  ${problems.join('\n  ')}`);
    }
    note(`${engine}: books hold (${seq - 1} cycles: every entry balanced, receivables control = open items, all orders closed)`);
    return rate;
  } finally {
    await bdb.close();
  }
}

async function benchImport(engine: Engine, lines: number, customers: number): Promise<number> {
  const bdb = await openBenchDb(engine, 8);
  open.push(bdb);
  try {
    return await benchOrderImport(bdb.db, lines, customers, (t) => note(`${engine} ${t}`), bdb.database);
  } finally {
    await bdb.close();
  }
}

async function benchContention(engine: Engine): Promise<number> {
  const postgres = engine === 'postgres';
  const bdb = await openBenchDb(engine, postgres ? 16 : 1);
  open.push(bdb);
  try {
    return await benchReservations(bdb.db, postgres ? env('BENCH_RESERVATION_ORDERS', 3000) : 500, postgres ? 16 : 4, (t) => note(`${engine} ${t}`));
  } finally {
    await bdb.close();
  }
}

async function benchBilling(engine: Engine): Promise<{ issued: number; rendered: number }> {
  const postgres = engine === 'postgres';
  const bdb = await openBenchDb(engine, postgres ? 16 : 1);
  open.push(bdb);
  try {
    return await benchInvoicing(bdb.db, postgres ? env('BENCH_INVOICES', 2000) : 300, postgres ? 16 : 4, (t) => note(`${engine} ${t}`));
  } finally {
    await bdb.close();
  }
}

async function benchCashApplication(engine: Engine): Promise<void> {
  const postgres = engine === 'postgres';
  const bdb = await openBenchDb(engine, postgres ? 4 : 1);
  open.push(bdb);
  try {
    const items = postgres ? env('BENCH_CASHAPP_ITEMS', 1_000_000) : 20_000;
    const lines = postgres ? env('BENCH_CASHAPP_LINES', 100_000) : 2_000;
    const f = await benchCashapp(bdb.db, { customers: Math.max(100, Math.round(items / 50)), items, lines }, (t) => note(`${engine} ${t}`));
    const suffix = postgres ? '' : '_pglite';
    figure(`cashapp_auto_rate${suffix}`, f.autoRate * 100, '% of matchable receipts applied without a person');
    figure(`cashapp_auto_precision${suffix}`, f.precision * 100, '% of automatic applications exactly right');
    figure(`cashapp_lines_per_s${suffix}`, f.linesPerS, 'lines/s');
  } finally {
    await bdb.close();
  }
}

async function main(): Promise<void> {
  const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim()) as Engine[];
  // BENCH_ONLY=cashapp,aging runs those parts alone (import, billing, cashapp, aging, reservations, cycle).
  const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((p) => p.trim())) : null;
  const part = (name: string) => !only || only.has(name);
  const importLines = env('BENCH_IMPORT_LINES', 100_000);
  if (part('import') && engines.includes('pglite')) {
    figure('order_import_lines_per_s_pglite', await benchImport('pglite', Math.min(importLines, 10_000), 200), 'lines/s');
  }
  if (part('import') && engines.includes('postgres') && (await serverReachable())) {
    figure('order_import_lines_per_s', await benchImport('postgres', importLines, 2000), 'lines/s');
  }
  if (part('billing') && engines.includes('pglite')) {
    const b = await benchBilling('pglite');
    figure('invoices_issued_per_s_pglite', b.issued, 'invoices/s');
    figure('ubl_rendered_per_s_pglite', b.rendered, 'documents/s');
  }
  if (part('billing') && engines.includes('postgres') && (await serverReachable())) {
    const b = await benchBilling('postgres');
    figure('invoices_issued_per_s', b.issued, 'invoices/s');
    figure('ubl_rendered_per_s', b.rendered, 'documents/s');
  }
  if (part('cashapp') && engines.includes('pglite')) await benchCashApplication('pglite');
  if (part('cashapp') && engines.includes('postgres') && (await serverReachable())) await benchCashApplication('postgres');
  if (part('aging') && engines.includes('postgres') && (await serverReachable())) {
    const bdb = await openBenchDb('postgres', 4);
    open.push(bdb);
    try {
      figure('ar_aging_ms_1m', await benchAging(bdb.db, env('BENCH_AGING_ITEMS', 1_000_000), 10_000, (t) => note(`postgres ${t}`)), 'ms');
    } finally {
      await bdb.close();
    }
  }
  if (part('reservations') && engines.includes('pglite')) figure('reservations_per_s_pglite', await benchContention('pglite'), 'lines/s');
  if (part('reservations') && engines.includes('postgres') && (await serverReachable())) figure('reservations_per_s', await benchContention('postgres'), 'lines/s');
  if (part('cycle') && engines.includes('pglite')) {
    figure('o2c_cycle_orders_per_s_pglite', await benchEngine('pglite'), 'orders/s');
  }
  if (part('cycle') && engines.includes('postgres')) {
    if (await serverReachable()) {
      figure('o2c_cycle_orders_per_s_postgres', await benchEngine('postgres'), 'orders/s');
    } else {
      note(`no PostgreSQL at ${SERVER_URL.replace(/\/\/[^@/]*@/, '//')} (set BENCH_DATABASE_URL); postgres figure skipped`);
    }
  }
}

const cleanUp = async () => {
  await Promise.all(open.map((b) => b.close().catch((e) => note(`could not drop the bench database: ${e}`))));
};
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    note(`${sig}: dropping the bench database`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// `npm run bench | head -1` closes stdout early: that is no reason to leave a database behind.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') throw e; });
}

const started = performance.now();
main().then(
  () => {
    note(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
  },
  async (e) => {
    process.stderr.write(`bench: FAILED: ${(e as Error)?.stack ?? e}\n`);
    await cleanUp();
    process.exit(1);
  },
);
