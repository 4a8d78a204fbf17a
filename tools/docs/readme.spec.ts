import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_DOC } from '@megabot/config';

const root = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('gives the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('documents every configuration variable the code reads', () => {
    const missing = CONFIG_DOC.flatMap((c) => c.name.split(' / ')).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('lists only npm scripts that exist', () => {
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts);
    const mentioned = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]);
    expect(mentioned.length).toBeGreaterThan(0);
    expect(mentioned.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it('.ci/run calls exactly the README test command', () => {
    expect(fs.readFileSync(path.join(root, '.ci/run'), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });
});

describe('package.json scripts', () => {
  it('run entry points that exist in the sources', () => {
    const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
    const targets = Object.values(scripts).flatMap((s) => [...s.matchAll(/node dist\/([\w/.-]+)\.js/g)].map((m) => m[1]));
    expect(targets.length).toBeGreaterThan(2);
    expect(targets.filter((t) => !fs.existsSync(path.join(root, `${t}.ts`)))).toEqual([]);
  });
});
