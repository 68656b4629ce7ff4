import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { RESOLVED } from '../shared/resolved.ts';

/** What one GraphQL request did, for its log line and its metrics. */
export interface OperationRecord {
  /** The operation's root fields ("requestUpload", "posts+viewer"), or "-" before it resolved. Bounded by the schema. */
  operation: string;
  /** The name the client gave the operation: logs only, never a metric label (clients choose it). */
  operationName: string | undefined;
  /** "ok", or the code of the answer's first error. */
  outcome: string;
}

export function newOperationRecord(): OperationRecord {
  return { operation: '-', operationName: undefined, outcome: 'ok' };
}

// One listener for every request, reading the record from the request's context (a listener of
// closures per request was garbage on every request).
const listener: GraphQLRequestListener<BaseContext & { operationRecord: OperationRecord }> = {
  didResolveOperation({ operation, operationName, contextValue }) {
    const record = contextValue.operationRecord;
    if (operation) record.operation = rootFields(operation);
    record.operationName = operationName?.slice(0, 100) ?? undefined;
    return RESOLVED;
  },
  willSendResponse({ response, contextValue }) {
    if (response.body.kind !== 'single') return RESOLVED;
    const code = response.body.singleResult.errors?.[0]?.extensions?.['code'];
    contextValue.operationRecord.outcome = typeof code === 'string' ? code : 'ok';
    return RESOLVED;
  },
};
const started = Promise.resolve(listener);

/** Apollo fills the record of each request: which operation it was, and how it ended. */
export function recordOperations<
  Context extends BaseContext & { operationRecord: OperationRecord },
>(): ApolloServerPlugin<Context> {
  return { requestDidStart: () => started };
}

/** After validation every root field is one of the schema's; more than two are "multiple". */
function rootFields(operation: OperationDefinitionNode): string {
  const names = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') names.add(selection.name.value);
  }
  if (names.size === 0) return operation.operation;
  return names.size > 2 ? 'multiple' : [...names].sort().join('+');
}
