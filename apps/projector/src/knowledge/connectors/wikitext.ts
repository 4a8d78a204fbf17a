/**
 * MediaWiki wikitext as the normalized text the index takes: `== Heading ==` as `## Heading`, links as their label,
 * templates, references, tables' markup, files and categories left out, bold/italic quotes removed, list markers as
 * `- `. Not a renderer (templates are not expanded): the words an article is made of, for search and citation.
 */
export function wikitextToText(wikitext: string): string {
  let s = wikitext.replace(/\r\n?/g, '\n');
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  s = s.replace(/<ref[^>/]*\/>/gi, '').replace(/<ref[^>]*>[\s\S]*?<\/ref>/gi, '');
  // Templates, innermost first (they nest).
  for (let i = 0; i < 10 && /\{\{[^{}]*\}\}/.test(s); i++) s = s.replace(/\{\{[^{}]*\}\}/g, '');
  s = s.replace(/\[\[(?:File|Image|Файл|Изображение|Category|Категория):[^\]]*(?:\[\[[^\]]*\]\][^\]]*)*\]\]/gi, '');
  s = s.replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2').replace(/\[\[([^\]]*)\]\]/g, '$1');
  s = s.replace(/\[(?:https?:)?\/\/[^\s\]]+\s+([^\]]+)\]/g, '$1').replace(/\[((?:https?:)?\/\/[^\s\]]+)\]/g, '$1');
  s = s.replace(/'''''|'''|''/g, '');
  s = s.replace(/<\/?(?:span|div|small|big|sup|sub|u|s|code|nowiki|center|font|b|i|br\s*\/?)[^>]*>/gi, '');
  const lines: string[] = [];
  for (const raw of s.split('\n')) {
    const line = raw.trimEnd();
    const h = /^(={1,6})\s*(.*?)\s*\1$/.exec(line);
    if (h) {
      lines.push('', `${'#'.repeat(h[1].length)} ${h[2]}`, '');
      continue;
    }
    if (/^\{\||^\|\}|^\|-/.test(line)) continue; // table frame
    if (/^[|!]/.test(line)) {
      const cells = line
        .replace(/^[|!]/, '')
        .split(/\|\||!!/)
        .map((c) => c.replace(/^[^|]*\|(?!\|)/, '').trim())
        .filter(Boolean);
      if (cells.length) lines.push(cells.join(' | '));
      continue;
    }
    const item = /^[*#:;]+\s*(.*)$/.exec(line);
    if (item) {
      lines.push(`- ${item[1]}`);
      continue;
    }
    if (/^-{4,}$/.test(line) || /^__[A-Z]+__$/.test(line)) continue;
    lines.push(line);
  }
  // Consecutive text lines are one paragraph in wikitext; list items and headings stand alone.
  const out: string[] = [];
  for (const l of lines) {
    const prev = out.length ? out[out.length - 1] : '';
    if (l && prev && !prev.startsWith('#') && !prev.startsWith('- ') && !l.startsWith('- ') && !l.startsWith('#') && !prev.includes(' | '))
      out[out.length - 1] = `${prev} ${l}`;
    else out.push(l);
  }
  return out
    .join('\n')
    .replace(/\n(- [^\n]*)\n(?=- )/g, '\n$1\n')
    .replace(/([^\n])\n(?!\n)/g, '$1\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
