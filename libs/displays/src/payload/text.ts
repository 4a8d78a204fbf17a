import { isControl } from '../protocol/utf8';

const utf8 = new TextEncoder();
export const byteLength = (s: string) => utf8.encode(s).length;

/**
 * Text as the server sends it (PROTOCOL.md §2.3): NFC (one code point per
 * drawn cell), lone surrogates -> U+FFFD, control characters (line breaks
 * included, so a title can never start a new line) -> space, trimmed.
 */
export function cleanText(text: string): string {
  const wellFormed = text.normalize('NFC').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return Array.from(wellFormed, (ch) => (isControl(ch.codePointAt(0)!) || ch === '\u2028' || ch === '\u2029' ? ' ' : ch))
    .join('')
    .trim();
}

/**
 * At most `maxBytes` of UTF-8: if longer, cut at a character boundary to
 * maxBytes - 3 bytes, drop trailing spaces, append "…" - the same rule the
 * device applies, so a shortened field arrives as the device would show it.
 */
export function shortenToBytes(text: string, maxBytes: number): { text: string; shortened: boolean } {
  if (byteLength(text) <= maxBytes) return { text, shortened: false };
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = byteLength(ch);
    if (bytes + n > maxBytes - 3) break;
    out += ch;
    bytes += n;
  }
  return { text: `${out.replace(/ +$/, '')}…`, shortened: true };
}
