import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { getNamedType, GraphQLError, isLeafType, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../posts/post-service.ts';
import { MAX_PARTS_PER_SIGNING } from '../uploads/multipart/parts.ts';
import { RESOLVED } from '../shared/resolved.ts';
import { MAX_ATTACHMENTS_PER_POST } from '../uploads/purposes.ts';

/**
 * What one field costs before its children: an object is one unit of work, a scalar is free,
 * except for fields that call the store or sign something. A download URL is a signature (about
 * 55 µs of CPU each); the mutations call the store and the database several times.
 */
const OWN_COST: Readonly<Record<string, number>> = {
  'File.url': 10,
  'Mutation.createPost': 5,
  'Mutation.requestUpload': 10,
  'Mutation.confirmUpload': 25,
  'Mutation.abortUpload': 10,
  'Query.uploadedParts': 10,
  // A HEAD of the staged object for a pending upload.
  'Query.uploadStatus': 5,
  'Mutation.removeAttachment': 10,
  'Mutation.reorderAttachments': 10,
  'Mutation.clearAvatar': 10,
  'Mutation.deletePost': 25,
};

/**
 * How many times a field's selection runs: the page size a connection asks for (capped where the
 * service caps it, since larger values are refused before any work), the most attachments a post
 * can have, the most part URLs one call signs. Lists not named here are small and fixed.
 */
function multiplier(field: string, args: Record<string, unknown>): number {
  switch (field) {
    case 'Query.posts':
    case 'User.posts':
      return pageSize(args['first']);
    case 'Post.attachments':
      return MAX_ATTACHMENTS_PER_POST;
    case 'UploadPartUrls.parts':
      return MAX_PARTS_PER_SIGNING;
    default:
      return 1;
  }
}

/** Signing part URLs happens in the mutation: a few units per part asked for. */
function ownCost(field: string, args: Record<string, unknown>, leaf: boolean): number {
  if (field === 'Mutation.signUploadParts') {
    const parts = Array.isArray(args['partNumbers']) ? args['partNumbers'].length : MAX_PARTS_PER_SIGNING;
    return 5 + 3 * Math.min(parts, MAX_PARTS_PER_SIGNING);
  }
  return OWN_COST[field] ?? (leaf ? 0 : 1);
}

function pageSize(first: unknown): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  return typeof first === 'number' && first >= 1 ? Math.min(Math.floor(first), MAX_PAGE_SIZE) : 1;
}

/** cost(field) = own cost + multiplier × cost of its selection, so list sizes multiply through nesting. */
export const estimateFieldCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const name = `${type.name}.${field.name}`;
  return ownCost(name, args, isLeafType(getNamedType(field.type))) + multiplier(name, args) * childComplexity;
};

type ResolvedOperation = GraphQLRequestContextDidResolveOperation<BaseContext>;

/** The arguments the estimator reads; no other argument changes a cost. */
const COST_ARGUMENTS = new Set(['first', 'partNumbers']);

function containsVariable(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return value.values.some(containsVariable);
    case Kind.OBJECT:
      return value.fields.some((field) => containsVariable(field.value));
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.NULL:
    case Kind.ENUM:
      return false;
  }
}

/**
 * Whether variables can change the document's cost: through an argument the estimator reads, or a
 * @skip/@include condition. Most operations (every upload mutation) pass their variables only to
 * arguments that cost nothing, so their cost is the same for every request.
 */
function costDependsOnVariables(document: DocumentNode): boolean {
  let depends = false;
  visit(document, {
    Field(field) {
      if (field.arguments?.some((arg) => COST_ARGUMENTS.has(arg.name.value) && containsVariable(arg.value))) {
        depends = true;
      }
    },
    Directive(directive) {
      const conditional = directive.name.value === 'skip' || directive.name.value === 'include';
      if (conditional && directive.arguments?.some((arg) => containsVariable(arg.value))) depends = true;
    },
  });
  return depends;
}

/**
 * Refuses an operation whose estimated cost is above `maxCost`, after validation and before
 * execution (the estimate needs the variables). graphql-query-complexity visits every field once
 * per use of its fragment; `maxNodes` stops it early, so its work is bounded too. A document whose
 * cost no variable can change is estimated once (Apollo keeps one DocumentNode per cached query):
 * the estimate was a walk of the whole operation on every request.
 */
export function queryCostPlugin(limits: { maxCost: number; maxNodes: number }): ApolloServerPlugin {
  // Per document: its fixed cost per operation, or 'varies' (walked once to find out, not per request).
  const fixedCosts = new WeakMap<DocumentNode, Map<string | undefined, number> | 'varies'>();
  const estimate = ({ schema, document, operation, request }: ResolvedOperation): number => {
    const operationName = operation?.name?.value;
    const known = fixedCosts.get(document);
    const fixed = known === 'varies' ? undefined : known?.get(operationName);
    if (fixed !== undefined) return fixed;
    let cost: number;
    try {
      cost = getComplexity({
        schema,
        query: document,
        variables: request.variables ?? {},
        operationName,
        estimators: [estimateFieldCost],
        maxQueryNodes: limits.maxNodes,
      });
    } catch (error) {
      throw refusal(error, limits.maxNodes);
    }
    if (known === 'varies') return cost;
    if (costDependsOnVariables(document)) {
      fixedCosts.set(document, 'varies');
    } else {
      const byOperation = known ?? new Map<string | undefined, number>();
      byOperation.set(operationName, cost);
      fixedCosts.set(document, byOperation);
    }
    return cost;
  };
  // One listener for every request (nothing in it is per request).
  const started = Promise.resolve({
    didResolveOperation(context: ResolvedOperation) {
      const cost = estimate(context);
      if (cost > limits.maxCost) {
        throw new GraphQLError(
          `The operation's estimated cost is ${cost}; at most ${limits.maxCost} is allowed (MAX_QUERY_COST). ` +
            'Ask for smaller pages or fewer nested lists.',
          {
            extensions: {
              code: 'GRAPHQL_VALIDATION_FAILED',
              limit: 'MAX_QUERY_COST',
              cost,
              maximum: limits.maxCost,
              http: { status: 400 },
            },
          },
        );
      }
      return RESOLVED;
    },
  });
  return { requestDidStart: () => started };
}

function refusal(error: unknown, maxNodes: number): GraphQLError {
  const message = error instanceof Error ? error.message : String(error);
  if (/maximum allowed number of nodes/.test(message)) {
    return new GraphQLError(
      `The operation selects more than ${maxNodes} fields once its fragments are expanded (MAX_QUERY_NODES).`,
      {
        extensions: {
          code: 'GRAPHQL_VALIDATION_FAILED',
          limit: 'MAX_QUERY_NODES',
          maximum: maxNodes,
          http: { status: 400 },
        },
      },
    );
  }
  // Variables that do not fit their declared types: execution would refuse them the same way.
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}
