// The package.json that build:client writes into dist/: the client alone, under this package's
// name and with the same subpaths (`graphql-upload-tickets/client`, ...), but without the API's
// dependencies (Prisma, PostgreSQL binaries, the AWS SDK). `npm pack ./dist` turns it into a
// tarball of a few dozen kB that frontends in other repositories install.

interface RootManifest {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
}

// The majors the adapters are written and tested against; each is needed only by its adapter.
const PEERS = { '@apollo/client': '^4.0.0', '@urql/core': '^6.0.0', graphql: '^16.0.0' };

export function clientManifest(root: RootManifest): Record<string, unknown> {
  const exports: Record<string, string | { types: string; default: string }> = Object.fromEntries(
    Object.entries(root.exports)
      .filter(([subpath]) => subpath.startsWith('./client'))
      .map(([subpath, target]) => {
        if (typeof target === 'string') throw new Error(`exports["${subpath}"]: expected conditions`);
        // Paths relative to dist/; the in-repository source condition has no meaning there.
        const { types, default: main } = target;
        if (!types || !main) throw new Error(`exports["${subpath}"]: needs "types" and "default"`);
        return [subpath, { types: types.replace('./dist/', './'), default: main.replace('./dist/', './') }];
      }),
  );
  // The GraphQL sources build:client copies next to the code, for an app's codegen.
  for (const file of ['schema.graphql', 'fragments.graphql', 'operations.graphql']) exports[`./${file}`] = `./${file}`;
  const typesPackage = '@graphql-typed-document-node/core';
  return {
    name: root.name,
    version: root.version,
    description: 'Typed browser/Node client for the upload-ticket GraphQL API (built from src/client).',
    type: 'module',
    private: true,
    sideEffects: false,
    exports,
    // Its declarations import the documents' type from here.
    dependencies: { [typesPackage]: root.dependencies[typesPackage] },
    peerDependencies: PEERS,
    peerDependenciesMeta: Object.fromEntries(Object.keys(PEERS).map((name) => [name, { optional: true }])),
  };
}
