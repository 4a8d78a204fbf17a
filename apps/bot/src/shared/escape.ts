/** The one escaping helper for Telegram's HTML parse mode: &, < and > are all it needs. */
export function html(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Telegram rejects callback_data over 64 bytes: fail loudly in development instead. */
export function callbackData(data: string): string {
  if (Buffer.byteLength(data, 'utf8') > 64) throw new Error(`callback data over 64 bytes: ${data}`);
  return data;
}
