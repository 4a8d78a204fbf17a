/** The one escaping helper for Telegram's HTML parse mode: &, < and > are all it needs. */
export function html(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Telegram rejects callback_data over 64 bytes: fail loudly in development instead. */
export function callbackData(data: string): string {
  if (Buffer.byteLength(data, 'utf8') > 64) throw new Error(`callback data over 64 bytes: ${data}`);
  return data;
}

/** Every character MarkdownV2 reserves outside entities (https://core.telegram.org/bots/api#markdownv2-style). */
const MARKDOWN_V2_SPECIAL = /[_*[\]()~`>#+\-=|{}.!\\]/g;

/** Escapes text for Telegram's MarkdownV2 parse mode: every reserved character gets a backslash. */
export function markdownV2(text: string | number): string {
  return String(text).replace(MARKDOWN_V2_SPECIAL, (c) => `\\${c}`);
}

/** Escapes text for inside MarkdownV2 `code` and ```pre``` entities: only ` and \ are reserved there. */
export function markdownV2Code(text: string | number): string {
  return String(text).replace(/[`\\]/g, (c) => `\\${c}`);
}

/** Escapes text for HTML attribute values (href="…"): the text rules plus the double quote. */
export function htmlAttribute(text: string | number): string {
  return html(text).replace(/"/g, '&quot;');
}
