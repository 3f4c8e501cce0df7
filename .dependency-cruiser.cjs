/**
 * The dependency check (`npm run deps:check`, run by .ci/run): the folders of src/ depend on each other
 * in one direction only. A folder may import from folders in lower layers (and from earlier folders of
 * its own layer); an import pointing up, or any cycle, fails the build.
 *
 *   core                         shared vocabulary: platform, decision, errors, backoff
 *   text, config, logging        no domain knowledge
 *   db, secrets, audit           storage
 *   pii, classifier              personal data, the trained model
 *   rules                        the rule engine
 *   routing, platforms           directorates; the connectors
 *   users, mail, tickets         people, mail, tickets
 *   moderation                   ingest, actions, review
 *   accounts, worker             the running service
 *   web, cli                     the faces
 *
 * src/harness (emulator, demo, benchmarks, SMTP sink, scratch databases) may import anything; nothing in
 * src/ imports it, except the CLI's single dynamic `import()` in src/cli/harness.ts.
 */

/** Layers from the bottom up; within a layer, a folder may import only the folders before it. */
const LAYERS = [
  ['core'],
  ['text', 'config', 'logging'],
  ['db', 'secrets', 'audit'],
  ['pii', 'classifier'],
  ['rules'],
  ['routing', 'platforms'],
  ['users', 'mail', 'tickets'],
  ['moderation'],
  ['accounts', 'worker'],
  ['web', 'cli'],
];

const ORDER = LAYERS.flat();
const folder = (names) => `^src/(${names.join('|')})/`;

/** One rule per folder: no import of a folder above it (by layer, then by position in its layer). */
const layerRules = ORDER.slice(0, -1).map((name, i) => {
  const layer = LAYERS.findIndex((l) => l.includes(name));
  return {
    name: `layer-${name}`,
    severity: 'error',
    comment: `src/${name} (layer ${layer}) must not import from folders above it: ${ORDER.slice(i + 1).join(', ')}. Move the shared piece down (often to src/core) or pass it in.`,
    from: { path: `^src/${name}/` },
    to: { path: folder(ORDER.slice(i + 1)) },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, between folders or between files of one folder.',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'unknown-folder',
      severity: 'error',
      comment: 'Every folder of src/ has a place in the layer order: add a new one to LAYERS in .dependency-cruiser.cjs.',
      from: { path: '^src/', pathNot: [folder([...ORDER, 'harness']), '^src/[^/]+$'] },
      to: {},
    },
    {
      name: 'no-harness-in-production',
      severity: 'error',
      comment: 'Production code never imports src/harness (it is not in the production image). The CLI loads it through src/cli/harness.ts only.',
      from: { path: '^src/', pathNot: ['^src/harness/', '^src/cli/harness\\.ts$'] },
      to: { path: '^src/harness/' },
    },
    {
      name: 'harness-only-dynamically',
      severity: 'error',
      comment: 'src/cli/harness.ts reaches the harness with a dynamic import() (or types), never a static import.',
      from: { path: '^src/cli/harness\\.ts$' },
      to: { path: '^src/harness/', dependencyTypes: ['import', 'export', 'require'], dependencyTypesNot: ['type-only', 'type-import', 'dynamic-import'] },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'src/ never imports from test/.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'Production code must not use devDependencies (they are not installed in the image).',
      from: { path: '^src/', pathNot: '^src/harness/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/db/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
