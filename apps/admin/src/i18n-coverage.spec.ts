import * as fs from 'node:fs';
import * as path from 'node:path';
import { ru } from '../web/src/i18n.ru';

const WEB = path.join(__dirname, '..', 'web', 'src');

/**
 * The texts the screens hand to the translator, as written in the code: `t('…')`, and the English texts react-admin
 * translates on its own (labels, titles, placeholders, helper texts given as literals, a command button's notices). Each is its
 * own English key (i18n.ts); the Russian dictionary must have it.
 */
function textsOf(source: string): string[] {
  const found: string[] = [];
  const literal = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;
  const patterns = [
    new RegExp(String.raw`\bt\((?:${literal})`, 'g'),
    new RegExp(String.raw`\b(?:label|title|placeholder|helperText)=(?:${literal})`, 'g'),
    new RegExp(String.raw`\b(?:label|key|help): (?:${literal})`, 'g'),
    new RegExp(String.raw`\bdone=\{\(\) => (?:${literal})`, 'g'),
    new RegExp(String.raw`\bnotify\((?:${literal})`, 'g'),
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push((m[1] ?? m[2]).replace(/\\(.)/g, '$1'));
  return found;
}

describe('the Russian admin site', () => {
  // every screen of the site: a new screen or a new text without its Russian fails here
  const screens = fs.readdirSync(WEB).filter((file) => file.endsWith('.tsx'));

  it('has a Russian text for every English text of every screen', () => {
    const dictionary = ru as unknown as Record<string, unknown>;
    const missing = screens.flatMap((file) =>
      textsOf(fs.readFileSync(path.join(WEB, file), 'utf8'))
        .filter((text) => typeof dictionary[text] !== 'string')
        .map((text) => `${file}: ${text}`),
    );
    expect(missing).toEqual([]);
  });

  it('names every resource of the menu in Russian', () => {
    const app = fs.readFileSync(path.join(WEB, 'App.tsx'), 'utf8');
    const resources = [...app.matchAll(/<Resource\s+key="[^"]+"\s+name="([^"]+)"/g)].map((m) => m[1]);
    expect(resources.length).toBeGreaterThan(5);
    const names = ru.resources as Record<string, { name?: string }>;
    expect(resources.filter((r) => !names[r]?.name)).toEqual([]);
  });

  it('keeps the placeholders of each text', () => {
    const names = (s: string) => [...s.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort();
    const wrong = Object.entries(ru).filter(([en, text]) => typeof text === 'string' && JSON.stringify(names(en)) !== JSON.stringify(names(text)));
    expect(wrong).toEqual([]);
  });

  it('finds the texts in the ways the screens write them', () => {
    expect(textsOf(`t('Rehire %{name}', { name }); <X label="Full name" title='It\\'s' /> { label: 'Reason' } done={() => 'Done'}`)).toEqual([
      'Rehire %{name}',
      'Full name',
      "It's",
      'Reason',
      'Done',
    ]);
  });
});
