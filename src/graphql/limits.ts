import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** Deep enough for every query the schema is meant for (posts → author → posts → attachments → owner). */
export const MAX_QUERY_DEPTH = 10;
/** Aliases let one request repeat expensive fields; a frontend needs a handful. */
export const MAX_ALIASES = 20;

/**
 * Refuses documents nested deeper than MAX_QUERY_DEPTH (fragments included), before execution:
 * every level of User.posts / Post.author can multiply the work.
 */
export function depthLimit(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const depthOf = (selectionSet: SelectionSetNode, visiting: Set<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        // Introspection (__schema, __type) is nested by nature and switched on or off on its own.
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, visiting) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Unknown and cyclic fragments are reported by graphql-js's own rules.
        if (!fragment || visiting.has(name)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visiting, name])));
      }
    }
    return deepest;
  };
  return {
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, new Set());
      if (depth > MAX_QUERY_DEPTH) {
        context.reportError(
          new GraphQLError(`The operation is nested ${depth} levels deep; at most ${MAX_QUERY_DEPTH} are allowed.`, {
            nodes: operation,
          }),
        );
      }
    },
  };
}

/** Refuses documents with more than MAX_ALIASES aliased fields. */
export function aliasLimit(context: ValidationContext): ASTVisitor {
  let aliases = 0;
  return {
    Field(field) {
      if (field.alias) aliases++;
    },
    Document: {
      leave(document) {
        if (aliases > MAX_ALIASES) {
          context.reportError(
            new GraphQLError(`The document uses ${aliases} aliases; at most ${MAX_ALIASES} are allowed.`, {
              nodes: document,
            }),
          );
        }
      },
    },
  };
}
