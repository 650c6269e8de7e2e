import { Type, type TSchema } from '@sinclair/typebox';
import { invalid } from '../../shared/failure.ts';

export const Id = Type.String({ format: 'uuid', description: 'UUIDv7' });
export const Amount = Type.String({ pattern: '^-?\\d{1,15}(\\.\\d+)?$', description: 'decimal string in major units, e.g. "1234.50"' });
export const IdParams = Type.Object({ id: Type.String() });
export const Reason = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Units = Type.Union([Type.Integer(), Type.String({ pattern: '^-?\\d{1,12}$' })], { description: 'whole units' });

/** A whole number of units from JSON (number or digit string), as bigint; negative only where allowed. */
export function units(field: string, value: unknown, o: { negative?: boolean } = {}): bigint {
  const text = String(value ?? '').trim();
  if (!(o.negative ? /^-?\d{1,12}$/ : /^\d{1,12}$/).test(text)) {
    throw invalid(field, `${field} is a whole number${o.negative ? '' : ' of units'}`);
  }
  return BigInt(text);
}
