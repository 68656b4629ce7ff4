import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  visit,
  visitInParallel,
  type ASTVisitor,
  type DocumentNode,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { expandedSize } from './expanded-size.ts';
import { queryCostPlugin } from './query-cost.ts';

/** What one operation may ask for, checked before anything executes (README: Limits). */
export interface OperationLimits {
  /** Lexical tokens in the document: bounds the work of parsing and of every validation rule. */
  maxTokens: number;
  /** Nesting of fields, fragments expanded (introspection excepted). */
  maxDepth: number;
  /** Aliased fields, counted as executed: an alias inside a fragment counts once per use. */
  maxAliases: number;
  /** Directives, counted as executed. */
  maxDirectives: number;
  /** Estimated cost, list sizes multiplied through nesting (see query-cost.ts). */
  maxCost: number;
  /** Fields an operation selects, fragments expanded: bounds the work of validation and of the cost estimate. */
  maxNodes: number;
}

export interface LimitEnforcement {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
}

/**
 * graphql-js' own token limit while parsing; the expanded size and GraphQL Armor's depth, alias
 * and directive limits before any other validation; the cost estimate once the variables are known.
 */
export function operationLimits(limits: OperationLimits): LimitEnforcement {
  return {
    parseOptions: { maxLexicalTokens: limits.maxTokens },
    validationRules: [limitsFirst(limits)],
    plugins: [queryCostPlugin({ maxCost: limits.maxCost, maxNodes: limits.maxNodes })],
  };
}

interface Refusal {
  message: string;
  limit: string;
  maximum: number;
}

const NOTHING_LEFT_TO_VALIDATE: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };

/**
 * Checks the limits when validation enters the document, and stops validation at the first
 * refusal. Stopping matters: Apollo runs every rule in one pass, and graphql-js' rules are not
 * built for hostile input (OverlappingFieldsCanBeMerged compares same-named fields pairwise: 600
 * aliases of one name took about 120 ms). A visitor stops the pass by returning a replacement for
 * the node it enters (the graphql-js visitor contract): here an empty document, so no other rule
 * sees anything more. Throwing would not do: Apollo answers exceptions from validation as
 * internal errors.
 */
function limitsFirst(limits: OperationLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      enter(document) {
        const refusal = firstRefusal(document, context, limits);
        if (!refusal) return undefined;
        const { message, limit, maximum } = refusal;
        context.reportError(new GraphQLError(`${message} (${limit})`, { extensions: { limit, maximum } }));
        return NOTHING_LEFT_TO_VALIDATE;
      },
    },
  });
}

/**
 * The expanded size first (expanded-size.ts), then GraphQL Armor's depth, alias and directive
 * rules. Each walks a fragment once and reuses its count, so all of it is linear in the document
 * however often fragments are spread.
 */
function firstRefusal(
  document: DocumentNode,
  context: ValidationContext,
  limits: OperationLimits,
): Refusal | undefined {
  const size = expandedSize(document);
  if (size > limits.maxNodes) {
    return {
      message: `The operation selects ${size} fields once its fragments are expanded; at most ${limits.maxNodes} are allowed.`,
      limit: 'MAX_QUERY_NODES',
      maximum: limits.maxNodes,
    };
  }
  let refusal: Refusal | undefined;
  const reportingAs = (limit: string, maximum: number) => ({
    n: maximum,
    propagateOnRejection: false,
    onReject: [
      (_context: ValidationContext | null, error: GraphQLError) => {
        refusal ??= { message: error.message.replace(/^Syntax Error: /, ''), limit, maximum };
      },
    ],
  });
  visit(
    document,
    visitInParallel([
      maxDepthRule({ ...reportingAs('MAX_QUERY_DEPTH', limits.maxDepth), flattenFragments: true })(context),
      maxAliasesRule(reportingAs('MAX_QUERY_ALIASES', limits.maxAliases))(context),
      maxDirectivesRule(reportingAs('MAX_QUERY_DIRECTIVES', limits.maxDirectives))(context),
    ]),
  );
  return refusal;
}
