// Introspection, and the limits every GraphQL operation is checked against before it runs.
import type { OperationLimits } from '../graphql/limits.ts';
import { readBoolean, readInt, type Env } from './env-readers.ts';

export interface GraphqlSettings {
  introspection: boolean;
  limits: OperationLimits;
}

export function readGraphqlSettings(env: Env, production: boolean): GraphqlSettings {
  return { introspection: readBoolean(env, 'GRAPHQL_INTROSPECTION', !production), limits: readOperationLimits(env) };
}

/**
 * Defaults let every operation of the client and the demo page through (the largest, a page of 100
 * posts with their attachments' URLs, costs 20,501) and refuse documents built to multiply.
 */
function readOperationLimits(env: Env): OperationLimits {
  return {
    maxTokens: readInt(env, 'MAX_QUERY_TOKENS', 2000, 100, 1_000_000),
    maxDepth: readInt(env, 'MAX_QUERY_DEPTH', 10, 2, 1000),
    maxAliases: readInt(env, 'MAX_QUERY_ALIASES', 20, 0, 100_000),
    maxDirectives: readInt(env, 'MAX_QUERY_DIRECTIVES', 20, 0, 100_000),
    maxCost: readInt(env, 'MAX_QUERY_COST', 25_000, 1, Number.MAX_SAFE_INTEGER),
    maxNodes: readInt(env, 'MAX_QUERY_NODES', 1000, 10, 1_000_000),
  };
}
