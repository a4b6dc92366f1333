/** Unit tests sit beside the code; end-to-end tests drive the fleet over HTTP from test/. */
const shared = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j)s$': '<rootDir>/tools/jest-transformer.js' },
  // Nest 12 ships ES modules only: let the transformer turn them into CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper: {
    '^@sf/(contracts|errors|config|database|messaging|observability|testing)$': '<rootDir>/libs/$1/src',
  },
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/infra/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], testTimeout: 60000 },
  ],
};
