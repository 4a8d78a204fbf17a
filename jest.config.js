// One jest run for every tier; tests sit beside the code they test.
//   *.spec.ts      pure/unit        *.int-spec.ts  real PostgreSQL (server + embedded)
//   *.e2e-spec.ts  real processes over HTTP (api, projector, emulator, browser)
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@megabot/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  '^@megabot/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // transformed too: ESM-only packages, and the OTLP exporter's dynamic import('http') (jest's CommonJS runtime has none)
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|load-esm|content-disposition|@fastify/static/node_modules/content-disposition|@opentelemetry/otlp-exporter-base)/)',
  ],
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};
module.exports = {
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/libs/testing/src/summary-reporter.js'],
  testTimeout: 60000,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.e2e-spec.ts'] },
  ],
};
