import { DESK_KINDS, PLAN_NODE_KINDS, SEATING_ID_PATTERN, ROOM_ID_PATTERN, type DeskKind, type PlanNodeKind, type PlanShapes } from '@megabot/contracts';
import { SeatingErrors } from './seating.errors';

/*
 * An admin's SVG floor plan, made safe to inline in a page and read for its
 * named shapes. The SVG is parsed by a small strict XML reader (no DTDs, no
 * entities but the five predefined and character references: nothing to
 * expand or fetch) and written out again from the tree, keeping only
 * allowlisted elements and attributes: scripts, event handlers, foreign
 * objects, styles, images, links and every reference outside the document
 * are gone, and nothing the browser parses differently from us can slip
 * through, since the output is our own serialization.
 *
 * Named shapes (attribute `data-seating`):
 *   desk  id = desk id; data-label (default the id), data-kind hot|assigned, data-node
 *   room  data-room = the rooms feature's room id; id = the shape's id; data-node
 *   node  id; data-kind corridor|stairs|lift (default corridor), data-connects (a shaft name shared across floors)
 *   edge  data-from, data-to: two node ids (a walkable corridor segment)
 * A shape's position is its centre (rect, circle, ellipse, line, polygon,
 * polyline, text; `data-x`/`data-y` override, and are required on a path or
 * a group), in the root's coordinates (ancestors' and its own `transform`
 * applied). A desk or room without `data-node` walks from the nearest node.
 */

export interface SanitizedPlan {
  svg: string;
  shapes: PlanShapes;
  /** Desks whose `data-kind` / `data-label` the SVG states (a re-published plan keeps admin changes to the others). */
  statedKinds: string[];
  statedLabels: string[];
  /** What was removed, by element or attribute name, with counts (for the admin's answer and logs). */
  removed: Record<string, number>;
}

interface El {
  name: string;
  attrs: [string, string][];
  children: Node[];
}
type Node = El | string;

const MAX_DEPTH = 64;
const MAX_ELEMENTS = 50_000;
const SVG_NS = 'http://www.w3.org/2000/svg';

/* ------------------------------------------------------------------ parser */

const NAME = /[A-Za-z_][-A-Za-z0-9_.:]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw SeatingErrors.invalidSvg(`a bare "&" near character ${at}`);
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const m = /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.exec(ref);
    if (!m) throw SeatingErrors.invalidSvg(`the entity &${ref}; is not allowed (only &lt; &gt; &amp; &quot; &apos; and character references)`);
    const code = m[1][0] === 'x' ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      throw SeatingErrors.invalidSvg(`the character reference &${ref}; is not a character`);
    return String.fromCodePoint(code);
  });
}

/** The document's root element, or a 422 that says where the XML is broken. */
export function parseXml(source: string): El {
  let i = 0;
  const s = source.replace(/^\uFEFF/, '');
  const root: El = { name: '#document', attrs: [], children: [] };
  const stack: El[] = [root];
  let elements = 0;
  const fail = (message: string) => SeatingErrors.invalidSvg(`${message} (at character ${i})`);
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt !== i) {
      const end = lt === -1 ? s.length : lt;
      const text = s.slice(i, end);
      if (stack.length > 1) stack[stack.length - 1].children.push(decodeEntities(text, i));
      else if (text.trim()) throw fail('text outside the root element');
      i = end;
      continue;
    }
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end === -1) throw fail('an unclosed comment');
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i + 9);
      if (end === -1 || stack.length === 1) throw fail('a misplaced or unclosed CDATA section');
      stack[stack.length - 1].children.push(s.slice(i + 9, end));
      i = end + 3;
    } else if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2);
      if (end === -1) throw fail('an unclosed processing instruction');
      i = end + 2;
    } else if (s.startsWith('<!', i)) {
      // A DOCTYPE: without an internal subset it declares nothing; with one it could declare entities - refused.
      const end = s.indexOf('>', i);
      if (end === -1 || stack.length > 1 || !/^<!DOCTYPE\s/i.test(s.slice(i, i + 10))) throw fail('an unexpected "<!"');
      if (s.slice(i, end).includes('[')) throw SeatingErrors.invalidSvg('DTD declarations (entities) are not allowed');
      i = end + 1;
    } else if (s[i + 1] === '/') {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(s);
      const top = stack[stack.length - 1];
      if (!m || stack.length === 1 || m[0] !== top.name) throw fail(`a closing tag that does not match <${top.name}>`);
      const end = s.indexOf('>', NAME.lastIndex);
      if (end === -1 || s.slice(NAME.lastIndex, end).trim()) throw fail('a broken closing tag');
      stack.pop();
      i = end + 1;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(s);
      if (!m) throw fail('a broken tag');
      const el: El = { name: m[0], attrs: [], children: [] };
      i = NAME.lastIndex;
      const seen = new Set<string>();
      for (;;) {
        const ws = /\s*/y;
        ws.lastIndex = i;
        ws.exec(s);
        const spaced = ws.lastIndex > i;
        i = ws.lastIndex;
        if (s.startsWith('/>', i) || s[i] === '>') break;
        NAME.lastIndex = i;
        const a = NAME.exec(s);
        if (!a || !spaced) throw fail(`a broken attribute in <${el.name}>`);
        const eq = /\s*=\s*(["'])/y;
        eq.lastIndex = NAME.lastIndex;
        const q = eq.exec(s);
        if (!q) throw fail(`attribute ${a[0]} of <${el.name}> has no quoted value`);
        const close = s.indexOf(q[1], eq.lastIndex);
        if (close === -1) throw fail(`an unclosed value of ${a[0]}`);
        const raw = s.slice(eq.lastIndex, close);
        if (raw.includes('<')) throw fail(`"<" in the value of ${a[0]}`);
        if (seen.has(a[0])) throw fail(`attribute ${a[0]} twice in <${el.name}>`);
        seen.add(a[0]);
        el.attrs.push([a[0], decodeEntities(raw, eq.lastIndex)]);
        i = close + 1;
      }
      if (++elements > MAX_ELEMENTS) throw SeatingErrors.invalidSvg(`more than ${MAX_ELEMENTS} elements`);
      if (stack.length === 1 && root.children.some((c) => typeof c !== 'string')) throw fail('a second root element');
      stack[stack.length - 1].children.push(el);
      if (s[i] === '>') {
        if (stack.length > MAX_DEPTH) throw SeatingErrors.invalidSvg(`elements nested deeper than ${MAX_DEPTH}`);
        stack.push(el);
        i += 1;
      } else i += 2;
    }
  }
  if (stack.length > 1) throw SeatingErrors.invalidSvg(`<${stack[stack.length - 1].name}> is never closed`);
  const top = root.children.find((c): c is El => typeof c !== 'string');
  if (!top) throw SeatingErrors.invalidSvg('no root element');
  return top;
}

/* --------------------------------------------------------------- allowlist */

/** Kept with their allowed attributes; anything else goes with its content (`a` is unwrapped: its content stays). */
const ELEMENTS = new Set([
  'svg',
  'g',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'path',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'use',
  'symbol',
  'marker',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
]);
const UNWRAPPED = new Set(['a', 'switch']);

/** Presentation and geometry: values are plain data (a `url(...)` only to `#id`, checked below). */
const ATTRIBUTES = new Set(
  (
    'id class x y x1 y1 x2 y2 cx cy r rx ry fx fy width height d points transform viewBox preserveAspectRatio ' +
    'fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit ' +
    'opacity visibility display color font-size font-family font-weight font-style text-anchor dominant-baseline letter-spacing ' +
    'dx dy rotate textLength lengthAdjust offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod ' +
    'clip-path clip-rule clipPathUnits marker-start marker-mid marker-end markerWidth markerHeight markerUnits refX refY orient ' +
    'vector-effect shape-rendering pointer-events role aria-label aria-hidden focusable version'
  ).split(' '),
);
const STYLE_PROPERTIES = new Set(
  [...ATTRIBUTES].filter((a) => /^[a-z-]+$/.test(a) && !['id', 'class', 'd', 'points', 'transform', 'role', 'version'].includes(a)),
);
const DATA_ATTRIBUTE = /^data-[a-z0-9][a-z0-9-]{0,40}$/;
/** `url(#id)` is a reference inside the document; any other `url(` could fetch. */
const LOCAL_URL = /url\(\s*(['"]?)#[A-Za-z0-9_.:-]+\1\s*\)/g;
const UNSAFE_VALUE = /url\(|javascript:|expression\(|@import|\\/i;

function safeValue(value: string): boolean {
  return !UNSAFE_VALUE.test(value.replace(LOCAL_URL, '')) && value.length <= 100_000;
}

/** Only allowlisted properties with safe values; null when nothing is left. */
function safeStyle(style: string): string | null {
  const kept = style
    .split(';')
    .map((decl) => decl.split(':'))
    .filter(([p, ...v]) => v.length > 0 && STYLE_PROPERTIES.has(p.trim().toLowerCase()) && safeValue(v.join(':')))
    .map(([p, ...v]) => `${p.trim().toLowerCase()}:${v.join(':').trim()}`);
  return kept.length ? kept.join(';') : null;
}

function sanitize(el: El, removed: Record<string, number>): El {
  const count = (what: string) => (removed[what] = (removed[what] ?? 0) + 1);
  const attrs: [string, string][] = [];
  for (const [name, value] of el.attrs) {
    if (ATTRIBUTES.has(name) || DATA_ATTRIBUTE.test(name)) {
      if (safeValue(value)) attrs.push([name, value]);
      else count(`@${name}`);
    } else if ((name === 'href' || name === 'xlink:href') && /^#[A-Za-z0-9_.:-]+$/.test(value.trim())) {
      attrs.push(['href', value.trim()]);
    } else if (name === 'style') {
      const style = safeStyle(value);
      if (style !== null) attrs.push(['style', style]);
      if (style === null || style.length < value.trim().replace(/;$/, '').length - 1) count('@style');
    } else if (name !== 'xmlns' && name !== 'xmlns:xlink') count(name.startsWith('on') ? '@on*' : `@${name}`);
  }
  const children: Node[] = [];
  for (const child of el.children) {
    if (typeof child === 'string') {
      children.push(child);
    } else if (ELEMENTS.has(child.name)) {
      children.push(sanitize(child, removed));
    } else if (UNWRAPPED.has(child.name)) {
      count(child.name);
      children.push(...sanitize({ ...child, name: 'g' }, removed).children);
    } else count(child.name);
  }
  return { name: el.name, attrs, children };
}

/* ------------------------------------------------------------ serializing */

const escapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (t: string) => escapeText(t).replace(/"/g, '&quot;');

function serialize(el: El): string {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (!el.children.length) return `<${el.name}${attrs}/>`;
  return `<${el.name}${attrs}>${el.children.map((c) => (typeof c === 'string' ? escapeText(c) : serialize(c))).join('')}</${el.name}>`;
}

/* --------------------------------------------------------------- geometry */

/** An affine transform [a b c d e f]: x' = a x + c y + e, y' = b x + d y + f. */
type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

function parseTransform(text: string | undefined): Matrix {
  let m = IDENTITY;
  if (!text) return m;
  const re = /(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)/g;
  for (const [, fn, args] of text.matchAll(re)) {
    const n = args
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (n.some((v) => !Number.isFinite(v))) throw SeatingErrors.invalidSvg(`a broken transform "${text}"`);
    const rad = ((n[0] ?? 0) * Math.PI) / 180;
    let t: Matrix;
    switch (fn) {
      case 'matrix':
        if (n.length !== 6) throw SeatingErrors.invalidSvg(`a broken transform "${text}"`);
        t = n as Matrix;
        break;
      case 'translate':
        t = [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0];
        break;
      case 'scale':
        t = [n[0] ?? 1, 0, 0, n[1] ?? n[0] ?? 1, 0, 0];
        break;
      case 'rotate': {
        const [cx, cy] = [n[1] ?? 0, n[2] ?? 0];
        t = multiply(multiply([1, 0, 0, 1, cx, cy], [Math.cos(rad), Math.sin(rad), -Math.sin(rad), Math.cos(rad), 0, 0]), [1, 0, 0, 1, -cx, -cy]);
        break;
      }
      case 'skewX':
        t = [1, 0, Math.tan(rad), 1, 0, 0];
        break;
      default:
        t = [1, Math.tan(rad), 0, 1, 0, 0];
    }
    m = multiply(m, t);
  }
  return m;
}

const num = (el: El, name: string): number | undefined => {
  const v = attr(el, name);
  if (v === undefined) return undefined;
  const n = Number.parseFloat(v);
  return Number.isFinite(n) ? n : undefined;
};
const attr = (el: El, name: string): string | undefined => el.attrs.find(([k]) => k === name)?.[1];
const round = (n: number) => Math.round(n * 100) / 100;

/** The shape's centre in its own coordinates, or undefined when it has none we can tell. */
function localCentre(el: El): [number, number] | undefined {
  const dx = num(el, 'data-x');
  const dy = num(el, 'data-y');
  if (dx !== undefined && dy !== undefined) return [dx, dy];
  switch (el.name) {
    case 'rect':
      return [(num(el, 'x') ?? 0) + (num(el, 'width') ?? 0) / 2, (num(el, 'y') ?? 0) + (num(el, 'height') ?? 0) / 2];
    case 'circle':
    case 'ellipse':
      return [num(el, 'cx') ?? 0, num(el, 'cy') ?? 0];
    case 'line':
      return [((num(el, 'x1') ?? 0) + (num(el, 'x2') ?? 0)) / 2, ((num(el, 'y1') ?? 0) + (num(el, 'y2') ?? 0)) / 2];
    case 'text':
    case 'use':
      return [num(el, 'x') ?? 0, num(el, 'y') ?? 0];
    case 'polygon':
    case 'polyline': {
      const n = (attr(el, 'points') ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
      if (n.length < 2 || n.some((v) => !Number.isFinite(v))) return undefined;
      let sx = 0;
      let sy = 0;
      for (let k = 0; k + 1 < n.length; k += 2) [sx, sy] = [sx + n[k], sy + n[k + 1]];
      const count = Math.floor(n.length / 2);
      return [sx / count, sy / count];
    }
    default:
      return undefined;
  }
}

/* -------------------------------------------------------------- extraction */

interface Named {
  el: El;
  role: string;
  x: number;
  y: number;
}

function collect(el: El, m: Matrix, out: Named[], ids: Set<string>): void {
  const own = multiply(m, parseTransform(attr(el, 'transform')));
  const id = attr(el, 'id');
  if (id !== undefined) {
    if (ids.has(id)) throw SeatingErrors.invalidSvg(`the id "${id}" is used twice`, { id });
    ids.add(id);
  }
  const role = attr(el, 'data-seating');
  if (role !== undefined) {
    if (role === 'edge') out.push({ el, role, x: 0, y: 0 });
    else {
      const c = localCentre(el);
      if (!c) throw SeatingErrors.invalidSvg(`a ${role} <${el.name}${id ? ` id="${id}"` : ''}> needs data-x and data-y (its centre)`, { id: id ?? null });
      // The centre is in the element's own coordinates: its transform applies to it (a `translate` on a desk moves the desk).
      out.push({ el, role, x: round(own[0] * c[0] + own[2] * c[1] + own[4]), y: round(own[1] * c[0] + own[3] * c[1] + own[5]) });
    }
  }
  for (const child of el.children) if (typeof child !== 'string') collect(child, own, out, ids);
}

const MAX_SHAPES = 5_000;

function requireId(n: Named, pattern: RegExp, what: string): string {
  const id = attr(n.el, 'id');
  if (id === undefined || !pattern.test(id)) throw SeatingErrors.invalidPlan(`${what} ${id ?? `<${n.el.name}>`}`, 'needs an id of letters, digits, "_" or "-"');
  return id;
}

function extract(svg: El): Omit<SanitizedPlan, 'svg' | 'removed'> {
  const box = (attr(svg, 'viewBox') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  const [minX, minY, width, height] = box.length === 4 && box.every(Number.isFinite) ? box : [0, 0, num(svg, 'width'), num(svg, 'height')];
  if (!width || !height || width <= 0 || height <= 0) throw SeatingErrors.invalidSvg('the root <svg> needs a viewBox (or a width and a height)');
  const named: Named[] = [];
  collect(svg, [1, 0, 0, 1, -(minX ?? 0), -(minY ?? 0)], named, new Set());
  if (named.length > MAX_SHAPES) throw SeatingErrors.invalidSvg(`more than ${MAX_SHAPES} named shapes`);
  const shapes: PlanShapes = { width: round(width), height: round(height), desks: [], rooms: [], nodes: [], edges: [] };
  const statedKinds: string[] = [];
  const statedLabels: string[] = [];
  const nodeOf: { x: number; y: number; given: string | undefined; set: (nodeId: string | null) => void }[] = [];
  for (const n of named) {
    const given = attr(n.el, 'data-node');
    switch (n.role) {
      case 'desk': {
        const deskId = requireId(n, SEATING_ID_PATTERN, 'desk');
        const kind = attr(n.el, 'data-kind');
        if (kind !== undefined && !DESK_KINDS.includes(kind as DeskKind))
          throw SeatingErrors.invalidPlan(`desk ${deskId}`, `data-kind must be one of ${DESK_KINDS.join(', ')}`);
        const label = (attr(n.el, 'data-label') ?? '').trim().slice(0, 40);
        if (kind !== undefined) statedKinds.push(deskId);
        if (label) statedLabels.push(deskId);
        const desk = { deskId, label: label || deskId, kind: (kind as DeskKind | undefined) ?? 'hot', x: n.x, y: n.y, nodeId: null as string | null };
        shapes.desks.push(desk);
        nodeOf.push({ x: n.x, y: n.y, given, set: (id) => (desk.nodeId = id) });
        break;
      }
      case 'room': {
        const roomId = attr(n.el, 'data-room') ?? '';
        if (!ROOM_ID_PATTERN.test(roomId)) throw SeatingErrors.invalidPlan('room', `data-room "${roomId}" is not a room id`);
        const room = { roomId, shapeId: requireId(n, SEATING_ID_PATTERN, 'room shape'), x: n.x, y: n.y, nodeId: null as string | null };
        shapes.rooms.push(room);
        nodeOf.push({ x: n.x, y: n.y, given, set: (id) => (room.nodeId = id) });
        break;
      }
      case 'node': {
        const nodeId = requireId(n, SEATING_ID_PATTERN, 'node');
        const kind = attr(n.el, 'data-kind') ?? 'corridor';
        if (!PLAN_NODE_KINDS.includes(kind as PlanNodeKind))
          throw SeatingErrors.invalidPlan(`node ${nodeId}`, `data-kind must be one of ${PLAN_NODE_KINDS.join(', ')}`);
        const connects = attr(n.el, 'data-connects')?.trim() || null;
        if (kind !== 'corridor' && !connects)
          throw SeatingErrors.invalidPlan(`node ${nodeId}`, `${kind} need data-connects (the shaft's name, the same on every floor)`);
        shapes.nodes.push({ nodeId, kind: kind as PlanNodeKind, x: n.x, y: n.y, connects: kind === 'corridor' ? null : connects });
        break;
      }
      case 'edge':
        break;
      default:
        throw SeatingErrors.invalidPlan('data-seating', `"${n.role}" is not one of desk, room, node, edge`);
    }
  }
  const nodes = new Map(shapes.nodes.map((x) => [x.nodeId, x]));
  const edges = new Set<string>();
  for (const n of named.filter((x) => x.role === 'edge')) {
    const [from, to] = [attr(n.el, 'data-from') ?? '', attr(n.el, 'data-to') ?? ''];
    const a = nodes.get(from);
    const b = nodes.get(to);
    if (!a || !b || from === to) throw SeatingErrors.invalidPlan(`edge ${from}-${to}`, 'data-from and data-to must name two different nodes of the plan');
    const key = [from, to].sort().join('\u0000');
    if (edges.has(key)) continue;
    edges.add(key);
    shapes.edges.push({ from, to, length: round(Math.hypot(a.x - b.x, a.y - b.y)) });
  }
  for (const n of nodeOf) {
    if (n.given !== undefined) {
      if (!nodes.has(n.given)) throw SeatingErrors.invalidPlan(`data-node "${n.given}"`, 'is not a node of the plan');
      n.set(n.given);
    } else {
      let best: string | null = null;
      let bestD = Infinity;
      // A corridor junction, not a stairs or lift landing that happens to be closer (one walks past those).
      const corridors = shapes.nodes.filter((x) => x.kind === 'corridor');
      for (const node of corridors.length ? corridors : shapes.nodes) {
        const d = Math.hypot(node.x - n.x, node.y - n.y);
        if (d < bestD) [best, bestD] = [node.nodeId, d];
      }
      n.set(best);
    }
  }
  return { shapes, statedKinds, statedLabels };
}

/**
 * The plan an admin uploaded, sanitized, with its named shapes. Throws
 * `seating.invalid_svg` / `seating.invalid_plan` (422) with what is wrong.
 */
export function sanitizePlanSvg(source: string): SanitizedPlan {
  const root = parseXml(source);
  if (root.name !== 'svg') throw SeatingErrors.invalidSvg(`the root element is <${root.name}>, not <svg>`);
  const ns = attr(root, 'xmlns');
  if (ns !== undefined && ns !== SVG_NS) throw SeatingErrors.invalidSvg(`the root namespace is "${ns}", not ${SVG_NS}`);
  const removed: Record<string, number> = {};
  const clean = sanitize(root, removed);
  clean.attrs.unshift(['xmlns', SVG_NS]);
  return { svg: serialize(clean), removed, ...extract(clean) };
}
