import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// Malformed scalar input is the client's mistake: BAD_USER_INPUT, also for inline literals
// (see formatError, which keeps this code on validation errors our scalars raise).
const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    throw new TypeError(`DateTime cannot represent ${String(value)}`);
  },
  parseValue(value) {
    return parseDate(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be an ISO-8601 string.');
    return parseDate(ast.value);
  },
});

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw badInput('DateTime must be an ISO-8601 string.');
  return date;
}

export const SafeIntScalar = new GraphQLScalarType<number, number>({
  name: 'SafeInt',
  serialize(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw new TypeError(`SafeInt cannot represent ${String(value)}`);
  },
  parseValue(value) {
    return parseSafeInt(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw badInput('SafeInt must be a whole number.');
    return parseSafeInt(Number(ast.value));
  },
});

function parseSafeInt(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badInput('SafeInt must be a whole number.');
  if (!Number.isSafeInteger(value)) throw badInput('SafeInt must be between -(2^53-1) and 2^53-1.');
  return value;
}
