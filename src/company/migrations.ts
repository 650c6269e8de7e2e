import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [];
