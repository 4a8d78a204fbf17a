/**
 * Reader of the shared test vectors (firmware/test/vectors/*.txt, format in
 * PROTOCOL.md "Test vectors"; firmware/host/vectors.cpp).
 */
export interface TestVector {
  name: string;
  description: string;
  /** The payload bytes (escapes decoded: \xHH and \\). */
  payload: Uint8Array;
  /** The expected canonical dump. */
  expect: string;
}

function decodeEscapes(s: string): Uint8Array {
  const out: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '\\') {
      out.push(0x5c);
      i++;
    } else if (s[i] === '\\' && s[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
      out.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      out.push(...utf8.encode(ch));
      i += ch.length - 1;
    }
  }
  return Uint8Array.from(out);
}

export function parseVector(name: string, text: string): TestVector {
  let part: 'head' | 'payload' | 'expect' = 'head';
  let description = '';
  let payload = '';
  let expect = '';
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // getline: no line after the final newline
  for (const line of lines) {
    if (line === '--- payload') {
      part = 'payload';
      continue;
    }
    if (line === '--- expect') {
      part = 'expect';
      continue;
    }
    if (part === 'head') {
      if (line.startsWith('#')) description += `${line.slice(line.length > 1 ? 2 : 1)}\n`;
    } else if (part === 'payload') payload += `${line}\n`;
    else expect += `${line}\n`;
  }
  if (part !== 'expect') throw new Error(`${name}: missing '--- payload' or '--- expect' section`);
  while (expect.endsWith('\n\n')) expect = expect.slice(0, -1);
  if (expect === '\n') expect = '';
  return { name, description, payload: decodeEscapes(payload), expect };
}
