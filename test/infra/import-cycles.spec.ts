import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importCycles, packagesOf } from './import-graph';

const ROOT = join(__dirname, '..', '..');

/**
 * Dependencies go one way: no file, no folder of an app or a lib, and no package imports
 * something that imports it back (ADR 0001; the payment service's order is in ADR 0008).
 */
describe('import cycles', () => {
  const packages = packagesOf(ROOT);
  const found = importCycles(ROOT, packages, join(ROOT, 'tsconfig.json'));

  it('reads every app and lib', () => {
    const names = packages.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['apps/payment', 'apps/auth', 'apps/coocook', 'apps/gateway', 'libs/contracts']));
  });

  it('finds no cycle between files', () => {
    expect(found.files).toEqual([]);
  });

  it("finds no cycle between the folders of any app or lib (each of src/'s files counted on its own)", () => {
    expect(found.folders).toEqual([]);
  });

  it('finds no cycle between packages', () => {
    expect(found.packages).toEqual([]);
  });

  describe('on a planted cycle', () => {
    let root: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };

    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'sf-import-cycles-'));
      write(
        'tsconfig.json',
        JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@fx/lib': ['libs/lib/src'] }, moduleResolution: 'node' } }),
      );
      // Folders of one app in a cycle although no file is: checkout/a -> orders/b, orders/c -> checkout/d.
      write('apps/shop/src/checkout/a.service.ts', "import { b } from '../orders/b.service';\nexport const a = b;\n");
      write('apps/shop/src/orders/b.service.ts', 'export const b = 1;\n');
      write('apps/shop/src/orders/c.service.ts', "import type { D } from '../checkout/d.entity';\nexport type C = D;\n");
      write('apps/shop/src/checkout/d.entity.ts', 'export interface D { id: string }\n');
      // A file cycle inside one folder, and a root file that everything imports (no folder cycle).
      write('apps/shop/src/invoices/x.ts', "export { y } from './y';\nexport const x = 1;\n");
      write(
        'apps/shop/src/invoices/y.ts',
        "import { x } from './x';\nimport { config } from '../shop.config';\nexport const y = x + config;\n",
      );
      write('apps/shop/src/shop.config.ts', 'export const config = 1;\n');
      write('apps/shop/src/invoices/y.spec.ts', "import { x } from '../checkout/a.service';\n"); // tests are left out
      // A lib that imports the app back through a path alias: a cycle between packages.
      write('libs/lib/src/index.ts', "export const lib = require('../../../apps/shop/src/shop.config');\n");
      write('apps/shop/src/uses-lib.ts', "import { lib } from '@fx/lib';\nexport const used = lib;\n");
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('reports each kind of cycle, by name', () => {
      const planted = importCycles(root, packagesOf(root), join(root, 'tsconfig.json'));
      expect(planted.folders).toEqual([['apps/shop: checkout/', 'apps/shop: orders/']]);
      expect(planted.files).toEqual([['apps/shop/src/invoices/x.ts', 'apps/shop/src/invoices/y.ts']]);
      expect(planted.packages).toEqual([['apps/shop', 'libs/lib']]);
    });
  });
});
