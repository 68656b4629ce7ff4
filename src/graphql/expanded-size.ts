import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';

interface Definition {
  /** Fields written in the definition itself, inline fragments included. */
  fields: number;
  /** How often each fragment is spread in it. */
  spreads: Map<string, number>;
}

/**
 * The most fields any operation of the document selects once its fragments are expanded, in
 * time linear in the document: each definition is read once, and each fragment's expanded size
 * is computed once and multiplied by the number of times it is spread (as Apollo Server's
 * recursive-selections rule does; that rule runs in the same pass as graphql-js' own rules, too
 * late to spare them a document that expands to 2^40 fields). Cyclic spreads count nothing:
 * graphql-js refuses them.
 */
export function expandedSize(document: DocumentNode): number {
  const operations: Definition[] = [];
  const fragments = new Map<string, Definition>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(read(definition.selectionSet));
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, read(definition.selectionSet));
  }
  const sizes = new Map<string, number>();
  const sizeOf = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    sizes.set(name, 0); // while expanding: a cycle back to here adds nothing
    const fragment = fragments.get(name);
    const size = fragment ? expand(fragment) : 0;
    sizes.set(name, size);
    return size;
  };
  const expand = ({ fields, spreads }: Definition): number => {
    let size = fields;
    for (const [name, count] of spreads) size += count * sizeOf(name);
    return size;
  };
  return Math.max(0, ...operations.map(expand));
}

function read(selectionSet: SelectionSetNode): Definition {
  const definition: Definition = { fields: 0, spreads: new Map() };
  const pending = [selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        definition.spreads.set(name, (definition.spreads.get(name) ?? 0) + 1);
        continue;
      }
      if (selection.kind === Kind.FIELD) definition.fields++;
      if (selection.selectionSet) pending.push(selection.selectionSet);
    }
  }
  return definition;
}
