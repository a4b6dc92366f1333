import * as fs from 'node:fs';
import * as path from 'node:path';
import argon2 from 'argon2';
import sharp from 'sharp';

/*
 * The project pins its runtime: npm scripts run the `node` dev dependency from node_modules/.bin,
 * whatever Node the machine has. These checks run under `npm test`, so they see that runtime.
 */

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('runtime', () => {
  it('runs on Node 24 under npm scripts', () => {
    expect(process.version).toMatch(/^v24\./);
  });

  it('names Node 24 in engines, .nvmrc, the node and @types/node dev dependencies and the Dockerfile', () => {
    expect(pkg.engines.node).toMatch(/^>=24\.\d+ <25$/);
    expect(fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim()).toBe('24');
    expect(pkg.devDependencies.node).toMatch(/^\^24\./);
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^24\./);
    const bases = [...fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:24-/);
  });

  it('loads argon2 natively and verifies a hash it made', async () => {
    const hash = await argon2.hash('correct horse', { memoryCost: 1024, timeCost: 1 });
    expect(await argon2.verify(hash, 'correct horse')).toBe(true);
    expect(await argon2.verify(hash, 'wrong horse')).toBe(false);
  });

  it('loads sharp natively and resizes an image', async () => {
    const png = await sharp({ create: { width: 8, height: 4, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const meta = await sharp(await sharp(png).resize(4, 2).toBuffer()).metadata();
    expect({ width: meta.width, height: meta.height, format: meta.format }).toEqual({ width: 4, height: 2, format: 'png' });
  });
});
