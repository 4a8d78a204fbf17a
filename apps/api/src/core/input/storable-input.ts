/**
 * The one rule every value of a request obeys before any DTO, class-transformer or SQL sees it: text PostgreSQL can
 * store, numbers JSON carries exactly, and nesting no deeper than any request of ours needs.
 *
 * Why here and not per field: a lone UTF-16 surrogate ("\udfff") or a NUL character is valid JSON and a valid
 * JavaScript string, but PostgreSQL refuses it in `text` and `jsonb` - so it failed the append of every command of the
 * same batch, not only the bad one. A number past 2^53 (or 1e400, parsed to Infinity) is no longer the number the
 * client wrote and overflows `bigint`. class-transformer recurses per level, so a value nested some thousand levels
 * deep overflowed the call stack.
 */

/** Deeper than any request the API takes (its DTOs nest 4 levels), far shallower than what overflows a stack. */
export const MAX_INPUT_DEPTH = 32;

export type InputFault =
  | { kind: 'unstorable_text'; field: string; detail: string }
  | { kind: 'too_deep'; field: string; detail: string }
  | { kind: 'number_out_of_range'; field: string; detail: string };

// A high surrogate not followed by a low one, a low one not preceded by a high one, or NUL.
// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const UNSTORABLE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/;

/** What in a string PostgreSQL cannot store, said for a person (undefined: nothing). */
export function unstorableText(text: string): string | undefined {
  const m = UNSTORABLE.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const what = code === 0 ? 'a NUL character (U+0000)' : `an unpaired surrogate (U+${code.toString(16).toUpperCase()})`;
  return `contains ${what} at position ${m.index}, which cannot be stored as text`;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * The first fault of a parsed request value (a body, the query, the path parameters), named by the path of its field
 * (`rule.endTime`, `attendees.2`); `root` prefixes the path when the value is itself one field. Walks without recursion,
 * so no input can overflow the stack here either.
 */
export function findInputFault(value: unknown, root = ''): InputFault | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const detail = unstorableText(v);
      if (detail) return { kind: 'unstorable_text', field: path, detail: `${path || 'the value'} ${detail}` };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER)
        return { kind: 'number_out_of_range', field: path, detail: `${path || 'the value'} must be between -2^53 and 2^53` };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_INPUT_DEPTH) {
        const field = outerField(path);
        return { kind: 'too_deep', field, detail: `${field || 'the value'} is nested more than ${MAX_INPUT_DEPTH} levels deep` };
      }
      const entries = Array.isArray(v) ? v.map((item, i) => [i, item] as const) : Object.entries(v as Record<string, unknown>);
      // pushed in reverse, so the first field of the request is reported first
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i];
        if (typeof key === 'string') {
          const detail = unstorableText(key);
          if (detail) return { kind: 'unstorable_text', field: path, detail: `a key of ${path || 'the value'} ${detail}` };
        }
        stack.push({ value: item, path: join(path, key), depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** The field a too deep value hangs from: its path up to the first array index, at most as deep as a DTO nests. */
function outerField(path: string): string {
  const segments = path.split('.');
  const index = segments.findIndex((s) => /^\d+$/.test(s));
  return segments.slice(0, Math.min(index < 0 ? segments.length : index, 4)).join('.');
}
