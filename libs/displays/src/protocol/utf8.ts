/**
 * UTF-8 exactly as the firmware reads it (firmware/core/utf8.cpp): an
 * invalid sequence (bad lead byte, missing continuation, overlong form,
 * surrogate, > U+10FFFF, cut at the end) costs one byte and decodes as
 * INVALID, which the sanitizer turns into '?'.
 */
export const INVALID_CODEPOINT = -1;

export function utf8Decode(bytes: Uint8Array, i: number, end: number): { cp: number; used: number } {
  const n = end - i;
  if (n <= 0) return { cp: INVALID_CODEPOINT, used: 0 };
  const b0 = bytes[i];
  if (b0 < 0x80) return { cp: b0, used: 1 };
  let len: number;
  let v: number;
  let min: number;
  if ((b0 & 0xe0) === 0xc0) [len, v, min] = [2, b0 & 0x1f, 0x80];
  else if ((b0 & 0xf0) === 0xe0) [len, v, min] = [3, b0 & 0x0f, 0x800];
  else if ((b0 & 0xf8) === 0xf0) [len, v, min] = [4, b0 & 0x07, 0x10000];
  else return { cp: INVALID_CODEPOINT, used: 1 };
  if (n < len) return { cp: INVALID_CODEPOINT, used: 1 };
  for (let k = 1; k < len; k++) {
    const b = bytes[i + k];
    if ((b & 0xc0) !== 0x80) return { cp: INVALID_CODEPOINT, used: 1 };
    v = (v << 6) | (b & 0x3f);
  }
  if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return { cp: INVALID_CODEPOINT, used: 1 };
  return { cp: v, used: len };
}

/** C0, DEL and C1 controls: the device draws each as a space. */
export const isControl = (cp: number) => cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0);

const ELLIPSIS = [0xe2, 0x80, 0xa6];
const decoder = new TextDecoder('utf-8');
export const encoder = new TextEncoder();

/**
 * The device's copy of a text field (utf8_copy_sanitized with a buffer of
 * maxBytes + 1): bad bytes -> '?', controls -> ' ', and if it does not fit
 * maxBytes, cut at a character boundary to <= maxBytes - 3 bytes, trailing
 * spaces removed, "…" appended.
 */
export function sanitizeField(bytes: Uint8Array, start: number, end: number, maxBytes: number): { text: string; truncated: boolean } {
  const out: number[] = [];
  const safeLimit = maxBytes >= 3 ? maxBytes - 3 : 0;
  let safeCut = 0;
  for (let i = start; i < end;) {
    const { cp, used } = utf8Decode(bytes, i, end);
    let enc: number[];
    if (cp === INVALID_CODEPOINT) enc = [0x3f];
    else if (isControl(cp)) enc = [0x20];
    else enc = Array.from(bytes.subarray(i, i + used));
    if (out.length + enc.length > maxBytes) {
      let len = safeCut;
      while (len > 0 && out[len - 1] === 0x20) len--;
      return { text: decoder.decode(Uint8Array.from([...out.slice(0, len), ...ELLIPSIS])), truncated: true };
    }
    out.push(...enc);
    if (out.length <= safeLimit) safeCut = out.length;
    i += used;
  }
  return { text: decoder.decode(Uint8Array.from(out)), truncated: false };
}
