// CPU spent per cycle, by this process and (when the server runs on this machine) by the PostgreSQL backends
// serving the bench database. On a shared machine throughput swings with what else runs; CPU per cycle does
// not, and it says what a cycle costs: cycles/s can never exceed cores × 1000 / (node + postgres ms per cycle).
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // Linux USER_HZ is 100 on every mainstream build

export function nodeCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * utime + stime of the server processes whose title names `database` (a backend shows "postgres: … user
 * database host(port) state"), or null when they cannot be seen (another machine, no /proc). A backend that
 * exits between two readings takes its time with it, so this is a lower bound.
 */
export function backendCpuMs(database: string): number | null {
  let total = 0;
  let seen = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres:') || !title.includes(` ${database} `)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      seen++;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return seen ? total : null;
}
