import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Every .ts file below a folder (node_modules and build output aside). */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('the build (npm run build: swc with .swcrc)', () => {
  it("leaves out only tests and the web apps' browser sources: every other file the processes run is compiled", () => {
    const { exclude } = JSON.parse(fs.readFileSync(path.join(ROOT, '.swcrc'), 'utf8')) as { exclude: string[] };
    const patterns = exclude.map((e) => new RegExp(e));
    const browserSources = /^apps\/[^/]+\/web\//; // built by Vite (npm run build:web), not by swc
    const left = ['apps', 'libs', 'tools', 'bench']
      .flatMap((d) => sources(path.join(ROOT, d)))
      .map((f) => path.relative(ROOT, f))
      .filter((f) => !/\.(int-|e2e-)?spec\.ts$/.test(f) && !browserSources.test(f))
      .filter((f) => patterns.some((p) => p.test(`/${f}`)));
    // tools/web/build.ts once matched the "/web/" exclusion: npm start failed with "Cannot find module '../web/build'"
    expect(left).toEqual([]);
  });
});
