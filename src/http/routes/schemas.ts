import { Type, type TSchema } from '@sinclair/typebox';

export const Id = Type.String({ format: 'uuid', description: 'UUIDv7' });
export const Amount = Type.String({ pattern: '^-?\\d{1,15}(\\.\\d+)?$', description: 'decimal string in major units, e.g. "1234.50"' });
export const IdParams = Type.Object({ id: Type.String() });
export const Reason = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
