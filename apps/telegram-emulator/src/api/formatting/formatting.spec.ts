import { detectEntities, EntityParseError, formatText, parseHtml, parseMarkdownLegacy, parseMarkdownV2 } from './index';

describe('HTML parse mode', () => {
  it('parses nested tags, entities and pre/code with a language', () => {
    expect(parseHtml('<b>a<i>b</i></b> &lt;x&gt; &#128512;')).toEqual({
      text: 'ab <x> 😀',
      entities: [
        { type: 'bold', offset: 0, length: 2 },
        { type: 'italic', offset: 1, length: 1 },
      ],
    });
    expect(parseHtml('<pre><code class="language-ts">let x</code></pre>')).toEqual({
      text: 'let x',
      entities: [{ type: 'pre', offset: 0, length: 5, language: 'ts' }],
    });
    expect(parseHtml('<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span><a href="tg://user?id=5">u</a>').entities).toEqual([
      { type: 'spoiler', offset: 0, length: 1 },
      { type: 'spoiler', offset: 1, length: 1 },
      { type: 'text_mention', offset: 2, length: 1, user: { id: 5, is_bot: false, first_name: '' } },
    ]);
  });

  it('counts offsets in UTF-16 code units', () => {
    expect(parseHtml('😀 <b>x</b>').entities).toEqual([{ type: 'bold', offset: 3, length: 1 }]);
  });

  it.each([
    ['<b>x', 'Can\'t find end tag corresponding to start tag "b"'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['<b><i>x</b></i>', 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'],
    ['<blink>x</blink>', 'Unsupported start tag "blink" at byte offset 0'],
    ['я <b', 'Unclosed start tag at byte offset 3'],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
  ])('rejects %s', (source, message) => {
    expect(() => parseHtml(source)).toThrow(new EntityParseError(message));
  });
});

describe('MarkdownV2 parse mode', () => {
  it('parses entities, escapes, links and code blocks', () => {
    expect(parseMarkdownV2('*b* _i_ __u__ ~s~ ||sp|| `c` [l](https://x.org/a\\)b) \\*')).toEqual({
      text: 'b i u s sp c l *',
      entities: [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 2, length: 1 },
        { type: 'underline', offset: 4, length: 1 },
        { type: 'strikethrough', offset: 6, length: 1 },
        { type: 'spoiler', offset: 8, length: 2 },
        { type: 'code', offset: 11, length: 1 },
        { type: 'text_link', offset: 13, length: 1, url: 'https://x.org/a)b' },
      ],
    });
    expect(parseMarkdownV2('```python\nprint(1)\n```')).toEqual({
      text: 'print(1)\n',
      entities: [{ type: 'pre', offset: 0, length: 9, language: 'python' }],
    });
    expect(parseMarkdownV2('>quoted\nplain').entities).toEqual([{ type: 'blockquote', offset: 0, length: 6 }]);
  });

  it.each(['.', '-', '!', '(', ')', '#', '+', '=', '{', '}', '|'])('requires escaping %s', (ch) => {
    expect(() => parseMarkdownV2(`a${ch}b`)).toThrow(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
  });

  it('reports unclosed entities with their byte offset', () => {
    expect(() => parseMarkdownV2('яя _x')).toThrow("Can't find end of Italic entity at byte offset 5");
    expect(() => parseMarkdownV2('[x](http://a')).toThrow("Can't find end of a URL at byte offset 4");
  });
});

describe('legacy Markdown', () => {
  it('parses the simple syntax and reports unclosed entities', () => {
    expect(parseMarkdownLegacy('*b* _i_ `c` [t](http://u)').entities.map((e) => e.type)).toEqual(['bold', 'italic', 'code', 'text_link']);
    expect(() => parseMarkdownLegacy('a *b')).toThrow("Can't find end of the entity starting at byte offset 2");
  });
});

describe('formatText', () => {
  it('trims white space and moves entities; detects commands, mentions, links', () => {
    const result = formatText({ text: '  <b>Hi</b> /help@bot @someone https://a.b/c.  ', parseMode: 'HTML' });
    expect(result.text).toBe('Hi /help@bot @someone https://a.b/c.');
    expect(result.entities).toEqual([
      { type: 'bold', offset: 0, length: 2 },
      { type: 'bot_command', offset: 3, length: 9 },
      { type: 'mention', offset: 13, length: 8 },
      { type: 'url', offset: 22, length: 13 },
    ]);
  });

  it('wraps parse errors and unsupported modes as Bad Request', () => {
    expect(() => formatText({ text: '<b', parseMode: 'HTML' })).toThrow("Bad Request: can't parse entities: Unclosed start tag at byte offset 0");
    expect(() => formatText({ text: 'x', parseMode: 'BBCode' })).toThrow('Bad Request: unsupported parse_mode');
  });

  it('does not detect entities inside code', () => {
    expect(detectEntities('`/cmd`', [{ type: 'code', offset: 0, length: 6 }])).toEqual([]);
    expect(detectEntities('mail me: a.b@example.com', [])).toEqual([{ type: 'email', offset: 9, length: 15 }]);
  });
});
