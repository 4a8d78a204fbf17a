import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';
import { callbackData, html, htmlAttribute, markdownV2, markdownV2Code } from './escape';

/** Every character MarkdownV2 reserves (Bot API docs): each must come out escaped. */
const SPECIALS = ['_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=', '|', '{', '}', '.', '!', '\\'];

describe('escape', () => {
  it('escapes every MarkdownV2 special character with a backslash, and nothing else', () => {
    for (const c of SPECIALS) expect(markdownV2(`a${c}b`)).toBe(`a\\${c}b`);
    expect(markdownV2(SPECIALS.join(''))).toBe(SPECIALS.map((c) => `\\${c}`).join(''));
    expect(markdownV2('Привет, мир: 100% ok? @user & <b')).toBe('Привет, мир: 100% ok? @user & <b');
    expect(markdownV2(12.5)).toBe('12\\.5');
  });

  it('escapes ` and \\ inside MarkdownV2 code', () => {
    expect(markdownV2Code('a`b\\c*d_')).toBe('a\\`b\\\\c*d_');
  });

  it('escapes &, < and > for HTML (and " in attributes)', () => {
    expect(html('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"');
    expect(htmlAttribute('x" onclick="y')).toBe('x&quot; onclick=&quot;y');
    expect(html('&lt;')).toBe('&amp;lt;'); // escaping twice shows the text, not an entity
  });

  it('refuses callback data over 64 bytes (bytes, not characters)', () => {
    expect(callbackData('a'.repeat(64))).toHaveLength(64);
    expect(() => callbackData('a'.repeat(65))).toThrow(/64 bytes/);
    expect(() => callbackData('я'.repeat(33))).toThrow(/64 bytes/); // 66 bytes in UTF-8
  });

  describe('through the Bot API parser (the emulator follows TDLib)', () => {
    let emu: RunningEmulator;
    const USER = { id: 700090, first_name: 'Esc', started: true };
    beforeAll(async () => {
      emu = await startEmulator({ port: 0, users: [USER] });
    });
    afterAll(() => emu.stop());

    const send = async (text: string, parse_mode: 'MarkdownV2' | 'HTML') => {
      const res = await fetch(`${emu.botApiUrl}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: USER.id, text, parse_mode }),
      });
      return (await res.json()) as { ok: boolean; result?: { text: string }; description?: string };
    };
    const nasty = `All of them: ${SPECIALS.join(' ')} and <tag> & "quotes" — ünïcode`;

    it('MarkdownV2: escaped text arrives exactly as written (unescaped it is refused)', async () => {
      expect((await send(nasty, 'MarkdownV2')).ok).toBe(false);
      const r = await send(`*${markdownV2('Title.')}* ${markdownV2(nasty)}`, 'MarkdownV2');
      expect(r).toMatchObject({ ok: true, result: { text: `Title. ${nasty}` } });
    });

    it('HTML: escaped text arrives exactly as written', async () => {
      const r = await send(`<b>${html('Title <x>')}</b> ${html(nasty)}`, 'HTML');
      expect(r).toMatchObject({ ok: true, result: { text: `Title <x> ${nasty}` } });
    });
  });
});
