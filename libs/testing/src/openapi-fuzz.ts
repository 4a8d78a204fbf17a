import * as fc from 'fast-check';

/**
 * Property-based bad requests for every operation of an OpenAPI document, as a new (or hostile) user would send them:
 * the documented example request with one thing wrong - a field of the wrong type, odd or huge Unicode, a number
 * past what a column holds, a missing or an extra field, a value nested deep - or a body that is not what the route
 * takes at all, odd path and query parameters. Used by the fuzzing test (bounded, seeded) and `npm run test:reliability`.
 */

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
}

export interface FuzzOperation {
  method: string;
  /** As documented: `/rooms/{roomId}/day`. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  body?: Schema;
}

export interface FuzzRequest {
  method: string;
  /** Concrete and URL-encoded, with the query string. */
  url: string;
  /** The raw body (JSON text, or deliberately not). */
  body?: string;
  /** What was done to the request, to tell a failure from another. */
  mutation: string;
}

/** Every operation of the document. */
export function operationsOf(doc: OpenApiDocument): FuzzOperation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/* ------------------------------------------------------------------ values */

/** Strings a careless or hostile client sends. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  "Robert'); DELETE FROM read_model.lots; --",
  '" OR ""="',
  '\\',
  '\\"}',
  '{"$ne":null}',
  '{"__proto__":{"admin":true}}',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '%ED%BF%BF',
  '\u202Eevil\u202C',
  'a\u200Bb',
  'e\u0301\u0301\u0301',
  'Ⅻ',
  'İ',
  '🚀👩‍👩‍👧‍👦',
  '\ufeff',
  '\r\n\r\n',
  '1e308',
  'NaN',
  '-1',
  '0x7fffffff',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '24:60',
  'null',
  'true',
  '',
  ' ',
];

const unstorable = fc.constantFrom('\udfff', 'x\ud800', '\u0000', 'a\u0000b', '\ud83d', 'ok\udc00ok');
const huge = fc.constantFrom(1_000, 10_000, 100_000).map((n) => 'я'.repeat(n));
/** Odd strings short enough for a URL (Node refuses request heads over 16 KB before any application sees them). */
export const oddShortString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  unstorable,
  fc.constantFrom(100, 1_000).map((n) => 'я'.repeat(n)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  unstorable,
  huge,
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);
export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, -0.000001, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 5e-324),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** A value nested `depth` levels (arrays or objects). */
export const deepValue = (depth: number, kind: 'array' | 'object'): string =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  oddNumber,
  oddString,
  fc.array(fc.oneof(oddString, oddNumber), { maxLength: 5 }),
  fc.dictionary(oddString, fc.oneof(oddString, oddNumber, fc.constant(null)), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
);

const DEEP = '\u2063deep\u2063';

/** Bodies that are not the JSON object a command takes. */
const RAW_BODIES = ['', 'null', '[]', '"text"', '42', 'true', '{', '{"a":', '\ufeff{}', '{"a":1,"a":2}', '{"constructor":{"prototype":{}}}', '1e400', '[{}]'];

/* --------------------------------------------------------------- requests */

/** Percent-encodes any string, a lone surrogate too (as its three WTF-8 bytes, which is what a careless client sends). */
export function encodeAny(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** Known ids of things that exist, per path parameter name: most requests hit them, so they reach the handlers. */
export type KnownIds = Record<string, string[]>;

/** The documented example of a schema (dates moved into the future so a valid request can succeed). */
export function exampleOf(schema: Schema | undefined, doc: OpenApiDocument, now: Date, seen: string[] = []): unknown {
  if (!schema) return undefined;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    if (seen.includes(name)) return {};
    return exampleOf(doc.components?.schemas?.[name], doc, now, [...seen, name]);
  }
  if (schema.allOf?.length) return exampleOf(schema.allOf[0], doc, now, seen);
  if (schema.example !== undefined) return future(schema.example, now);
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = exampleOf(schema.properties?.[name], doc, now, seen) ?? 'fz';
      return out;
    }
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return false;
    default:
      return 'fz';
  }
}

function future(example: unknown, now: Date): unknown {
  if (typeof example !== 'string') return example;
  const day = new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(example)) return day;
  if (/^\d{4}-\d{2}-\d{2}T/.test(example)) return day + example.slice(10);
  return example;
}

/** The properties of a body schema (resolved). */
function propertiesOf(schema: Schema | undefined, doc: OpenApiDocument): Record<string, Schema> {
  if (!schema) return {};
  if (schema.$ref) return propertiesOf(doc.components?.schemas?.[schema.$ref.split('/').pop()!], doc);
  if (schema.allOf?.length) return propertiesOf(schema.allOf[0], doc);
  return schema.properties ?? {};
}

/** Requests for one operation: mostly the valid example with one thing wrong. */
export function requestsFor(op: FuzzOperation, doc: OpenApiDocument, known: KnownIds, now: Date): fc.Arbitrary<FuzzRequest> {
  const example = (op.body ? exampleOf(op.body, doc, now) : undefined) as Record<string, unknown> | undefined;
  const fields = Object.keys(propertiesOf(op.body, doc));
  const pathValue = (name: string) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(known[name] ?? ['x1'])) }, { weight: 1, arbitrary: oddShortString });
  const pathArb = fc.tuple(...op.pathParams.map(pathValue), fc.constant(0)).map((values) => {
    let p = op.path;
    op.pathParams.forEach((name, i) => (p = p.replace(`{${name}}`, encodeAny(values[i] as string))));
    return p;
  });
  const queryArb = fc
    .array(
      fc.tuple(
        op.query.length ? fc.constantFrom(...op.query.map((q) => q.name)) : fc.constant('extra'),
        fc.oneof(oddShortString, oddNumber.map(String), fc.constantFrom(...op.query.map((q) => String(exampleOf(q.schema, doc, now) ?? '1')), '1')),
      ),
      { maxLength: Math.min(3, op.query.length + 1) },
    )
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&')}` : ''));

  const withBody = op.method !== 'GET' && op.method !== 'DELETE';
  const json = (v: unknown) => JSON.stringify(v);
  const base = example ?? {};
  const field = fields.length ? fc.constantFrom(...fields) : fc.constant('field');
  const mutations: fc.Arbitrary<{ body?: string; mutation: string }>[] = withBody
    ? [
        fc.constant({ body: json(base), mutation: 'example' }),
        fc.tuple(field, anyJson).map(([f, v]) => ({ body: json({ ...base, [f]: v }), mutation: `${f}: wrong value` })),
        fc.tuple(field, oddString).map(([f, v]) => ({ body: json({ ...base, [f]: v }), mutation: `${f}: odd string` })),
        fc.tuple(field, oddNumber).map(([f, v]) => ({ body: json({ ...base, [f]: v }), mutation: `${f}: odd number` })),
        fc.tuple(field, fc.constantFrom(33, 2_000, 5_000), fc.constantFrom('array' as const, 'object' as const)).map(([f, d, k]) => ({
          body: json({ ...base, [f]: DEEP }).replace(json(DEEP), deepValue(d, k)),
          mutation: `${f}: nested ${d} deep`,
        })),
        field.map((f) => {
          const rest = { ...base };
          delete rest[f];
          return { body: json(rest), mutation: `${f}: missing` };
        }),
        fc.tuple(fc.oneof(oddString, fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')), anyJson).map(([k, v]) => ({
          // a computed key is an own property, even "__proto__"
          body: json({ [k]: v, ...base }),
          mutation: 'extra field',
        })),
        anyJson.map((v) => ({ body: json(v) ?? 'null', mutation: 'another body' })),
        fc.constantFrom(...RAW_BODIES).map((b) => ({ body: b, mutation: 'raw body' })),
      ]
    : [fc.constant({ mutation: 'no body' })];
  return fc.tuple(pathArb, queryArb, fc.oneof(...mutations)).map(([path, query, m]) => ({
    method: op.method,
    url: path + query,
    body: m.body,
    mutation: query ? `${m.mutation}, query ${query.slice(0, 60)}` : m.mutation,
  }));
}

/** A seeded, deterministic sample of `runs` requests for one operation. */
export function sampleRequests(op: FuzzOperation, doc: OpenApiDocument, known: KnownIds, now: Date, runs: number, seed: number): FuzzRequest[] {
  return fc.sample(requestsFor(op, doc, known, now), { numRuns: runs, seed });
}
