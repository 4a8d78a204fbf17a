import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const WEB = path.resolve(__dirname, '../web');
const read = (file: string): string => readFileSync(path.join(WEB, file), 'utf8');

/** Keys of one language block of web/i18n.js (parsed as text: the file is a browser ES module). */
function catalogKeys(lang: 'en' | 'ru'): Set<string> {
  const source = read('i18n.js');
  const start = source.indexOf(`  ${lang}: {`);
  const end = source.indexOf('\n  },', start);
  expect(start).toBeGreaterThan(-1);
  return new Set([...source.slice(start, end).matchAll(/^\s+'([\w.]+)':/gm)].map((m) => m[1]));
}

describe('dev chat string catalog', () => {
  const en = catalogKeys('en');
  const ru = catalogKeys('ru');

  it('has the same keys in Russian and English', () => {
    expect(en.size).toBeGreaterThan(100);
    expect([...en].filter((k) => !ru.has(k))).toEqual([]);
    expect([...ru].filter((k) => !en.has(k))).toEqual([]);
  });

  it('every key used by index.html and app.js exists', () => {
    const html = read('index.html');
    const js = read('app.js');
    const used = new Set<string>([
      ...[...html.matchAll(/data-i18n(?:-title)?="([\w.]+)"/g)].map((m) => m[1]),
      ...[...js.matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1]),
    ]);
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
  });

  it('has no hard-coded user-facing text in index.html outside the catalog', () => {
    const html = read('index.html')
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/<svg[\s\S]*?<\/svg>/g, '');
    const texts = [...html.matchAll(/>([^<>]+)</g)].map((m) => m[1].trim()).filter((t) => t && !/^[…×⟳⌨↩·RUEN]+$/.test(t) && !t.startsWith('<!'));
    expect(texts.filter((t) => !/^(RU|EN|ru|en)$/.test(t) && t !== 'Telegram emulator — dev chat')).toEqual([]);
  });
});
