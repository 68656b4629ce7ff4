// Adjustments between node-postgres, @prisma/adapter-pg and the schema engine, confined to the
// engine's own connections (nothing here touches pg's global type parsers).
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlQueryable, SqlResultSet, Transaction } from '@prisma/driver-adapter-utils';
import pg from 'pg';

// Introspection reads pg_catalog columns of type "char" (OID 18, e.g. pg_constraint.contype) and
// name (OID 19). @prisma/adapter-pg has no mapping for "char" and fails the whole query with
// UnsupportedNativeDataType; reporting it as text is not enough either: the engine reads those
// columns as a Rust `char` and panics on a text value (seen on PostgreSQL 18, whose NOT NULL
// constraints are pg_constraint rows). So the client reports "char" as text (OID 25) to get past
// the adapter, and remembers which columns were "char" so that `withCharColumns` below can hand
// them to the engine as ColumnTypeEnum.Character. name (19) and name[] (1003) are plain strings:
// text and text[] (1009) are exact (the adapter already maps 19 itself; 1003 it does not).
const CHAR_OID = 18;
const REPORT_AS: ReadonlyMap<number, number> = new Map([
  [CHAR_OID, 25],
  [19, 25],
  [1003, 1009],
]);

/** Result rows array (passed through unchanged by the adapter) → indexes of its "char" columns. */
const charColumnsByRows = new WeakMap<object, number[]>();

type Field = { dataTypeID: number };
type QueryCallback = (error: Error | null, result: unknown) => void;

function rewriteResultTypes(result: unknown): unknown {
  // A multi-statement query resolves to one result per statement.
  for (const one of Array.isArray(result) ? result : [result]) {
    const { fields, rows } = (one ?? {}) as { fields?: Field[]; rows?: object };
    if (!fields || !rows) continue;
    const charColumns = fields.flatMap((field, index) => (field.dataTypeID === CHAR_OID ? [index] : []));
    if (charColumns.length > 0) charColumnsByRows.set(rows, charColumns);
    for (const field of fields) field.dataTypeID = REPORT_AS.get(field.dataTypeID) ?? field.dataTypeID;
  }
  return result;
}

/**
 * pg client class for the engine's pools only. It rewrites result metadata after each query, in
 * every calling style pg and pg-pool use (promise, callback argument, config.callback).
 */
export class EngineClient extends pg.Client {
  // pg's overloads cannot be re-declared one by one; this wrapper only forwards them.
  override query(...args: unknown[]): never {
    const call = (...forwarded: unknown[]) => (super.query as (...a: unknown[]) => never)(...forwarded);
    const wrap =
      (callback: QueryCallback): QueryCallback =>
      (error, result) =>
        callback(error, error ? result : rewriteResultTypes(result));
    const [config, values, callback] = args;
    if (typeof (config as { submit?: unknown } | null)?.submit === 'function') return call(...args);
    if (typeof values === 'function') return call(config, wrap(values as QueryCallback));
    if (typeof callback === 'function') return call(config, values, wrap(callback as QueryCallback));
    const configCallback = (config as { callback?: unknown } | null)?.callback;
    if (typeof configCallback === 'function') {
      return call({ ...(config as object), callback: wrap(configCallback as QueryCallback) }, values);
    }
    return (call(...args) as Promise<unknown>).then(rewriteResultTypes) as never;
  }
}

function restoreCharColumns(resultSet: SqlResultSet): SqlResultSet {
  const charColumns = charColumnsByRows.get(resultSet.rows);
  if (!charColumns) return resultSet;
  const columnTypes = [...resultSet.columnTypes];
  for (const index of charColumns) columnTypes[index] = ColumnTypeEnum.Character;
  return { ...resultSet, columnTypes };
}

function withCharQueries<T extends SqlQueryable>(queryable: T): T {
  return new Proxy(queryable, {
    get(target, property) {
      if (property === 'queryRaw') {
        return async (...args: Parameters<SqlQueryable['queryRaw']>) =>
          restoreCharColumns(await target.queryRaw(...args));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}

/**
 * The engine's view of a PrismaPg adapter: "char" columns typed as Character (see above), also
 * inside transactions, and migration scripts sent whole. PrismaPg's `executeScript` splits the
 * script at every ";" — wrong for semicolons in strings, comments or function bodies — and runs
 * the pieces one by one; Prisma's native engine sends the script as one simple-protocol query
 * (so PostgreSQL runs it in one implicit transaction). `executeRaw` without arguments does just
 * that (pg only prepares statements that have parameters), with the adapter's error mapping.
 */
export function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const base = withCharQueries(adapter);
  return new Proxy(base, {
    get(target, property) {
      if (property === 'startTransaction') {
        return async (...args: Parameters<SqlDriverAdapter['startTransaction']>): Promise<Transaction> =>
          withCharQueries(await target.startTransaction(...args));
      }
      if (property === 'executeScript') {
        return async (script: string): Promise<void> => {
          await target.executeRaw({ sql: script, args: [], argTypes: [] });
        };
      }
      return Reflect.get(target, property, target) as unknown;
    },
  });
}
