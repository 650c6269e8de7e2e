/** JSON.stringify that writes bigints as decimal strings (events and idempotent replies carry money). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}
