/**
 * Just enough of nginx's configuration language to check deploy/nginx/default.conf.template:
 * the template substitution the official image does at start, a parser of directives and blocks
 * (as nginx tokenizes them: comments, quotes, `${var}`), and the inheritance of the few directives
 * the checks read. Used by tools/deploy/docker-compose.spec.ts.
 */

export interface Directive {
  name: string;
  args: string[];
  /** The directives of its `{ … }` block, if it has one. */
  block?: Directive[];
  line: number;
}

export class NginxSyntaxError extends Error {
  constructor(message: string, line: number) {
    super(`nginx config line ${line}: ${message}`);
    this.name = 'NginxSyntaxError';
  }
}

/**
 * What the official image's entrypoint (20-envsubst-on-templates.sh) does to a template: envsubst with
 * the names of the container's environment that match NGINX_ENVSUBST_FILTER (a regular expression; all
 * names when it is unset). `$name` and `${name}` of those names are replaced; any other `$…` is left.
 */
export function renderTemplate(template: string, env: Record<string, string>): string {
  const filter = env.NGINX_ENVSUBST_FILTER ? new RegExp(env.NGINX_ENVSUBST_FILTER) : /(?:)/;
  return template.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, bare?: string) => {
    const name = (braced ?? bare) as string;
    return name in env && filter.test(name) ? env[name] : whole;
  });
}

type Token = { kind: 'word'; text: string; line: number } | { kind: '{' | '}' | ';'; line: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') line++;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '}' || c === ';') {
      tokens.push({ kind: c, line });
      i++;
    } else if (c === '"' || c === "'") {
      const start = line;
      let word = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          // nginx keeps the backslash except before the quote, another backslash, or t/r/n
          const next = text[i + 1];
          word += next === c || next === '\\' ? next : next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : `\\${next}`;
          i += 2;
          continue;
        }
        if (text[i] === '\n') line++;
        word += text[i++];
      }
      if (i >= text.length) throw new NginxSyntaxError('unterminated quoted string', start);
      i++;
      tokens.push({ kind: 'word', text: word, line: start });
    } else {
      let word = '';
      while (i < text.length && !/[\s;{}]/.test(text[i])) {
        // ${name} inside a word is a variable, not a block
        if (text[i] === '$' && text[i + 1] === '{') {
          const end = text.indexOf('}', i);
          if (end < 0) throw new NginxSyntaxError('unterminated ${…}', line);
          word += text.slice(i, end + 1);
          i = end + 1;
          continue;
        }
        word += text[i++];
      }
      tokens.push({ kind: 'word', text: word, line });
    }
  }
  return tokens;
}

/** The directives of a configuration file (or of the part of one that conf.d files are: the http block). */
export function parseNginx(text: string): Directive[] {
  const tokens = tokenize(text);
  let at = 0;
  const parseBlock = (nested: boolean, opened: number): Directive[] => {
    const out: Directive[] = [];
    for (;;) {
      const t = tokens[at];
      if (!t) {
        if (nested) throw new NginxSyntaxError('unexpected end of file, expecting "}"', opened);
        return out;
      }
      if (t.kind === '}') {
        if (!nested) throw new NginxSyntaxError('unexpected "}"', t.line);
        at++;
        return out;
      }
      if (t.kind !== 'word') throw new NginxSyntaxError(`unexpected "${t.kind}"`, t.line);
      const name = t.text;
      const args: string[] = [];
      at++;
      for (;;) {
        const a = tokens[at];
        if (!a) throw new NginxSyntaxError(`directive "${name}" is not terminated by ";"`, t.line);
        at++;
        if (a.kind === 'word') args.push(a.text);
        else if (a.kind === ';') {
          out.push({ name, args, line: t.line });
          break;
        } else if (a.kind === '{') {
          out.push({ name, args, block: parseBlock(true, a.line), line: t.line });
          break;
        } else throw new NginxSyntaxError(`unexpected "}" in directive "${name}"`, a.line);
      }
    }
  };
  return parseBlock(false, 1);
}

export const all = (block: Directive[] | undefined, name: string): Directive[] => (block ?? []).filter((d) => d.name === name);
export const first = (block: Directive[] | undefined, name: string): Directive | undefined => all(block, name)[0];

/**
 * The value of a directive as nginx applies it inside `scopes` (outermost first): the innermost level
 * that sets it wins. Array-like directives (proxy_set_header, add_header) are inherited as a whole
 * list, and only when the inner level sets none of them: that is why they are read with allOf.
 */
export function effective(scopes: (Directive[] | undefined)[], name: string): Directive | undefined {
  for (const scope of [...scopes].reverse()) {
    const found = all(scope, name);
    if (found.length) return found[found.length - 1];
  }
  return undefined;
}

export function allOf(scopes: (Directive[] | undefined)[], name: string): Directive[] {
  for (const scope of [...scopes].reverse()) {
    const found = all(scope, name);
    if (found.length) return found;
  }
  return [];
}

/** nginx time ("30s", "1m", "500ms", bare seconds) in milliseconds; NaN if it is not one. */
export function timeMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const parts = [...value.matchAll(/(\d+)(ms|s|m|h|d)?/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== value) return NaN;
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2] ?? 's'], 0);
}

/** nginx size ("1m", "16k", bare bytes) in bytes; NaN if it is not one. */
export function sizeBytes(value: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(value);
  if (!m) return NaN;
  return Number(m[1]) * ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[m[2].toLowerCase()];
}

/** A `listen` directive's address and port, and whether it speaks TLS. */
export function listenOf(d: Directive): { host?: string; port: number; ssl: boolean; defaultServer: boolean } {
  const address = d.args[0] ?? '';
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(address);
  return {
    host: m?.[1],
    port: m ? Number(m[2]) : NaN,
    ssl: d.args.includes('ssl'),
    defaultServer: d.args.includes('default_server'),
  };
}

/** Loopback listen addresses are reachable from inside the container only. */
export const isLoopback = (host: string | undefined): boolean => host === '127.0.0.1' || host === '[::1]' || host === 'localhost';

/**
 * Where a location's proxy_pass sends requests, with `$variables` replaced by the values `set` in the
 * location or its server (the config takes upstream hosts from variables so that they are resolved at
 * request time). Undefined when the location does not proxy.
 */
export function proxyTarget(server: Directive[], location: Directive[]): { url: string; host: string; port: string; path: string } | undefined {
  const pass = first(location, 'proxy_pass');
  if (!pass) return undefined;
  const vars = new Map<string, string>();
  for (const d of [...all(server, 'set'), ...all(location, 'set')]) vars.set(d.args[0]?.replace(/^\$/, ''), d.args[1] ?? '');
  const url = (pass.args[0] ?? '').replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => vars.get(name) ?? whole);
  const m = /^https?:\/\/([^/:$]+)(?::(\d+))?(\/.*)?$/.exec(url);
  return { url, host: m?.[1] ?? '', port: m?.[2] ?? (url.startsWith('https:') ? '443' : '80'), path: m?.[3] ?? '' };
}
