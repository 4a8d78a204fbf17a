import { Parser } from 'htmlparser2';

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'blockquote',
  'ul',
  'ol',
  'table',
  'pre',
  'hr',
  'header',
  'footer',
  'main',
  'aside',
  'dl',
  'dd',
  'dt',
  'figure',
  'ac:layout-section',
  'ac:layout-cell',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'ac:parameter', 'nav']);

/**
 * HTML (a share's .html files, Confluence's storage format) as the normalized text the index takes: headings as
 * `#` lines, paragraphs and list items on lines of their own separated by blank lines, table rows as cells joined
 * by ` | `. Parsed by htmlparser2 (entities decoded, broken markup tolerated); scripts, styles and macro
 * parameters left out; the text of code macros (CDATA) kept.
 */
export function htmlToText(html: string): { title: string | null; text: string } {
  const out: string[] = [];
  let line = '';
  let skip = 0;
  let inTitle = false;
  let title = '';
  let firstHeading: string | null = null;
  let heading: { level: number; start: number } | null = null;
  let pre = 0;
  let cells: string[] | null = null;

  const flush = () => {
    const text = pre ? line.replace(/\s+$/, '') : line.replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
    line = '';
  };
  const append = (text: string) => {
    if (skip) return;
    if (inTitle) {
      title += text;
      return;
    }
    line += text;
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name) && name !== 'head') skip++;
        if (name === 'head') skip++;
        if (name === 'title') {
          inTitle = true;
          skip = Math.max(0, skip - 1); // <title> sits in <head>: read it anyway
        }
        if (skip) return;
        const h = /^h([1-6])$/.exec(name);
        if (h) {
          flush();
          heading = { level: Number(h[1]), start: out.length };
          line = `${'#'.repeat(Number(h[1]))} `;
        } else if (name === 'br') line += pre ? '\n' : ' ';
        else if (name === 'li') {
          flush();
          line = '- ';
        } else if (name === 'tr') {
          flush();
          cells = [];
        } else if ((name === 'td' || name === 'th') && cells) line = '';
        else if (name === 'pre' || name === 'ac:plain-text-body') {
          flush();
          pre++;
        } else if (BLOCK.has(name)) flush();
      },
      ontext(text) {
        append(text);
      },
      oncdatastart() {},
      onclosetag(name) {
        if (name === 'title') {
          inTitle = false;
          skip++;
          return;
        }
        if (SKIP.has(name) || name === 'head') {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        if (/^h[1-6]$/.test(name) && heading) {
          const text = line
            .replace(/^#+\s*/, '')
            .replace(/\s+/g, ' ')
            .trim();
          if (firstHeading === null && text) firstHeading = text;
          flush();
          heading = null;
        } else if ((name === 'td' || name === 'th') && cells) {
          cells.push(line.replace(/\s+/g, ' ').trim());
          line = '';
        } else if (name === 'tr' && cells) {
          const row = cells.filter((c) => c).join(' | ');
          if (row) out.push(row);
          cells = null;
          line = '';
        } else if (name === 'pre' || name === 'ac:plain-text-body') {
          flush();
          pre = Math.max(0, pre - 1);
        } else if (name === 'li' || BLOCK.has(name)) flush();
      },
    },
    { decodeEntities: true, recognizeCDATA: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  return { title: cleanTitle || firstHeading, text: out.join('\n\n') };
}
