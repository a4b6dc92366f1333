const fs = require('node:fs');
const path = require('node:path');

/** Packages published as ES modules only (Nest 12 and a few of its dependencies). */
function esmOnlyPackages() {
  const root = path.join(__dirname, 'node_modules');
  const names = [];
  const consider = (name) => {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8'));
      if (pkg.type === 'module') names.push(name);
    } catch {
      /* not a package */
    }
  };
  for (const entry of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    if (entry.startsWith('@')) for (const sub of fs.readdirSync(path.join(root, entry))) consider(`${entry}/${sub}`);
    else consider(entry);
  }
  return names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Unit tests sit beside the code; end-to-end tests drive the fleet over HTTP from test/. */
const shared = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j)s$': '<rootDir>/tools/jest-transformer.js' },
  // Jest's own module loader cannot require() ES modules (on any Node): the transformer turns those into CommonJS.
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages().join('|')})/)`],
  moduleNameMapper: {
    '^@sf/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2',
    '^@sf/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  testEnvironment: 'node',
};

module.exports = {
  reporters: ['default', '<rootDir>/tools/summary-reporter.js'],
  // A stray socket must not keep CI waiting after the last test has reported.
  forceExit: true,
  // End-to-end tests start fleets and wait for asynchronous effects (each wait has its own deadline).
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/infra/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Jest only transpiles: this project type-checks every .ts file, specs included.
    { ...shared, displayName: 'types', testMatch: ['<rootDir>/test/types/**/*.spec.ts'] },
  ],
};
