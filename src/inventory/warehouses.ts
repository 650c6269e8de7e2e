import type { Db, Sql } from '../db/db.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { assert, Failure, invalid, notFound } from '../shared/failure.ts';
import { memoized, type Scope } from '../shared/scope.ts';

export interface Address {
  name?: string | null;
  address_line?: string | null;
  city?: string | null;
  postal_code?: string | null;
  country: string;
}

export interface Warehouse {
  id: string;
  code: string;
  name: string;
  /** Reservation order: a line is reserved in the first warehouse (lowest priority number) that has all of it. */
  priority: number;
  address: Address | null;
}

export type LocationKind = 'storage' | 'receiving' | 'returns';

export interface Location {
  id: string;
  warehouse_id: string;
  code: string;
  kind: LocationKind;
}

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

/** Every tenant starts with a MAIN warehouse and one bin in it. */
export async function installWarehouse(tx: Sql, tenantId: string): Promise<void> {
  const id = uuidv7();
  const [w] = await tx.query<{ id: string }>(
    `INSERT INTO warehouses (tenant_id, id, code, name, priority) VALUES ($1, $2, 'MAIN', 'Main warehouse', 10)
     ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`, [tenantId, id]);
  if (w) await insertLocation(tx, tenantId, w.id, 'A-01', 'storage');
}

async function insertLocation(tx: Sql, tenantId: string, warehouseId: string, code: string, kind: LocationKind): Promise<Location> {
  const id = uuidv7();
  const [row] = await tx.query<Location>(
    `INSERT INTO locations (tenant_id, id, warehouse_id, code, kind) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, warehouse_id, code) DO NOTHING RETURNING id, warehouse_id, code, kind`,
    [tenantId, id, warehouseId, code, kind]);
  if (!row) throw new Failure('conflict', `location ${code} already exists in this warehouse`, 'code');
  return row;
}

export async function createWarehouse(tx: Sql, s: Scope, input: { code: string; name: string; priority?: number; address?: Address | null }): Promise<Warehouse> {
  const code = input.code?.trim().toUpperCase();
  if (!code || !CODE_RE.test(code)) throw invalid('code', 'warehouse code: 1-20 letters, digits, dots, dashes or underscores');
  if (!input.name?.trim()) throw invalid('name', 'a warehouse needs a name');
  const priority = input.priority ?? 100;
  if (!Number.isInteger(priority) || priority < 0 || priority > 10000) throw invalid('priority', 'priority is a whole number from 0 to 10000');
  const [w] = await tx.query<Warehouse>(
    `INSERT INTO warehouses (tenant_id, id, code, name, priority, address) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id, code, name, priority, address`,
    [s.tenantId, uuidv7(), code, input.name.trim(), priority, input.address ? JSON.stringify(input.address) : null]);
  if (!w) throw new Failure('conflict', `warehouse ${code} already exists`, 'code');
  await insertLocation(tx, s.tenantId, w.id, 'A-01', 'storage');
  return w;
}

export async function createLocation(tx: Sql, s: Scope, warehouseId: string, input: { code: string; kind?: LocationKind }): Promise<Location> {
  await getWarehouse(tx, s.tenantId, warehouseId);
  const code = input.code?.trim().toUpperCase();
  if (!code || !CODE_RE.test(code)) throw invalid('code', 'location code: 1-20 letters, digits, dots, dashes or underscores (they sort in walking order)');
  const kind = input.kind ?? 'storage';
  if (!['storage', 'receiving', 'returns'].includes(kind)) throw invalid('kind', 'kind is storage, receiving or returns');
  return insertLocation(tx, s.tenantId, warehouseId, code, kind);
}

export async function listWarehouses(db: Db | Sql, tenantId: string): Promise<Warehouse[]> {
  return db.query<Warehouse>('SELECT id, code, name, priority, address FROM warehouses WHERE tenant_id = $1 ORDER BY priority, code', [tenantId]);
}

export async function getWarehouse(db: Db | Sql, tenantId: string, id: string): Promise<Warehouse> {
  if (!UUID_RE.test(id)) throw notFound('warehouse', id);
  const [w] = await db.query<Warehouse>('SELECT id, code, name, priority, address FROM warehouses WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  if (!w) throw notFound('warehouse', id);
  return w;
}

/** A warehouse named by id or code (CLI and API accept either). */
export async function findWarehouse(db: Db | Sql, tenantId: string, idOrCode: string): Promise<Warehouse> {
  if (UUID_RE.test(idOrCode)) return getWarehouse(db, tenantId, idOrCode);
  const [w] = await db.query<Warehouse>('SELECT id, code, name, priority, address FROM warehouses WHERE tenant_id = $1 AND code = $2',
    [tenantId, idOrCode.trim().toUpperCase()]);
  if (!w) throw notFound('warehouse', idOrCode);
  return w;
}

export async function listLocations(db: Db | Sql, tenantId: string, warehouseId?: string): Promise<Location[]> {
  return db.query<Location>(
    `SELECT id, warehouse_id, code, kind FROM locations WHERE tenant_id = $1 AND ($2::uuid IS NULL OR warehouse_id = $2::uuid) ORDER BY warehouse_id, code`,
    [tenantId, warehouseId ?? null]);
}

/** The location named by id or code in a warehouse, or the warehouse's first storage bin. */
export async function resolveLocation(tx: Sql, s: Scope, warehouseId: string, idOrCode?: string | null): Promise<Location> {
  const [l] = await tx.query<Location>(
    `SELECT id, warehouse_id, code, kind FROM locations WHERE tenant_id = $1 AND warehouse_id = $2
        AND ($3::text IS NULL OR id::text = $3 OR code = upper($3))
      ORDER BY kind = 'storage' DESC, code LIMIT 1`,
    [s.tenantId, warehouseId, idOrCode?.trim() || null]);
  if (!l) throw idOrCode ? invalid('location', `no location ${idOrCode} in this warehouse`) : invalid('location', 'the warehouse has no location');
  return l;
}

/** The warehouse stock goes to when none is named: the first by priority. */
export async function defaultWarehouse(tx: Sql, s: Scope): Promise<string> {
  return memoized(s, 'warehouse', async () => {
    const [w] = await tx.query<{ id: string }>('SELECT id FROM warehouses WHERE tenant_id = $1 ORDER BY priority, code LIMIT 1', [s.tenantId]);
    assert(w, 'every tenant has a warehouse');
    return w.id;
  });
}
