import * as fs from 'node:fs';
import * as path from 'node:path';

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) that a summary needs. */
interface CpuProfile {
  /** Microseconds of the monotonic clock (the one of process.hrtime), as the samples' times. */
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** A category of self time: the first whose pattern matches a frame's `url functionName` names it. */
export type Categories = [name: string, pattern: RegExp][];

/** Where the self time of our processes goes, by library and by our layer (first match wins; matched against `url functionName` of a frame). */
export const PROFILE_CATEGORIES: Categories = [
  ['garbage collection', /\(garbage collector\)/],
  ['socket reads and writes (native)', /^ (writev|writeBuffer|writeLatin1String|writeUtf8String|read|close)$/],
  ['postgres driver (pg)', /node_modules\/(pg|pg-[a-z-]+)\//],
  ['typeorm', /node_modules\/typeorm\//],
  ['http server (fastify, nest)', /node_modules\/(fastify|@fastify|find-my-way|light-my-request|avvio|@nestjs)\//],
  ['validation (class-validator, class-transformer)', /node_modules\/(class-validator|class-transformer)\//],
  ['opentelemetry', /node_modules\/@opentelemetry\//],
  ['rxjs', /node_modules\/rxjs\//],
  ['telegraf, node-fetch', /node_modules\/(telegraf|node-fetch|whatwg-url|tr46|webidl-conversions|sandwich-stream)\//],
  ['node http, net, streams', /node:(_http|http|net|stream|internal\/(streams|http|net|url)|url|events|buffer|zlib)|\(program\)/],
  ['JSON', /JSON|stringify|parse /],
  ['crypto (hash chain, ids)', /node:(crypto|internal\/crypto)|createHmac|createHash|digest|update /],
  ['our code: event store', /\/libs\/event-store\//],
  ['our code: domain', /\/libs\/domain\//],
  ['our code: read model', /\/libs\/read-model\//],
  ['our code: projector', /\/apps\/projector\//],
  ['our code: api', /\/apps\/api\//],
  ['our code: bot', /\/apps\/bot\//],
  ['our code: other libs', /\/libs\//],
];

/**
 * Self time of a profile: the top functions, and the share of named categories (by file and function), in % of the
 * sampled time. Idle time (the `(idle)` frame: the event loop waiting) is reported apart and left out of the shares.
 * `window`: only the samples taken between these instants (`process.hrtime.bigint()` of any process on the machine,
 * in µs), e.g. a load run without the process's start-up.
 */
export function summarizeCpuProfile(file: string, categories: Categories, top = 15, window?: { fromUs: number; toUs: number }) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (!window || (t >= window.fromUs && t <= window.toUs)) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const perFunction = new Map<string, number>();
  const perCategory = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const where = url ? `${shorten(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    perFunction.set(key, (perFunction.get(key) ?? 0) + us);
    const category = categories.find(([, re]) => re.test(`${url} ${functionName}`))?.[0] ?? 'other';
    perCategory.set(category, (perCategory.get(category) ?? 0) + us);
  }
  const pct = (us: number) => Math.round((us / busy) * 1000) / 10;
  return {
    busyS: Math.round(busy / 1e4) / 100,
    idleS: Math.round(idle / 1e4) / 100,
    selfPercentByCategory: Object.fromEntries([...perCategory].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, pct(us)])),
    topSelfPercent: Object.fromEntries(
      [...perFunction]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, us]) => [k, pct(us)]),
    ),
  };
}

/** The newest `.cpuprofile` in `dir` whose name starts with `prefix`. */
export function newestProfile(dir: string, prefix: string): string | undefined {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  return files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

function shorten(url: string): string {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const d = url.indexOf('/dist/');
  return d >= 0 ? url.slice(d + '/dist/'.length) : url.replace(/^file:\/\//, '');
}
