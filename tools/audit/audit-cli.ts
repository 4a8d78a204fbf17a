import { Presets, SingleBar } from 'cli-progress';
import * as fs from 'node:fs';
import type { Writable } from 'node:stream';
import type { AuditCheckpointVerifyView, AuditEventView, AuditLotStateView, AuditVerifyAllView, AuditVerifyView, ProblemDetails } from '@megabot/contracts';
import { checkpointSignatureValid, type SignedCheckpoint } from '@megabot/event-store';

export const AUDIT_USAGE = `Usage: npm run audit -- <command> [options]

  replay <lotId> [--at ISO | --position P] [--json]   events with envelope and the lot after each
  state [<lotId>] [--at ISO | --position P] [--json]  one lot, or every lot, as of a moment / log position
  export <lotId> [--format csv|json] [--out FILE]     a lot's history
  export --from ISO [--to ISO] [--format csv|json] [--out FILE]
                                                      every auction event of a period (to: now)
  verify [<lotId> | --all]                            recompute hash chains; exit code 2 when one is broken
  checkpoint [--out FILE]                             sign the heads of every auction stream now; keep the file
  checkpoint latest | key [--out FILE]                the newest checkpoint / the public key it is signed with
  verify --checkpoint FILE [--key FILE]               a kept checkpoint against the streams now (signature checked
                                                      with the kept public key too); exit code 2 on any deviation

Options: --api URL (default: the running \`npm start\`, else API_URL), --token TOKEN (a personal access token
of an auditor or admin; default MEGABOT_TOKEN, else the demo auditor's that \`npm start\` keeps in
.data/cli-token-auditor).`;

export interface AuditCliIo {
  apiUrl: string;
  /** A personal access token (`mbp_…`): the API acts as its employee, with their roles at each request. */
  token: string;
  /** Where the token came from (`--token`, MEGABOT_TOKEN, a file), named when the API refuses it. */
  tokenSource?: string;
  out: Writable;
  err: Writable;
  /** Progress on `err`: a bar on a terminal, a line per second otherwise (logs), or none. */
  progress?: 'bar' | 'lines' | false;
}

class UsageError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[]): Parsed {
  const [command = '', ...rest] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) positional.push(a);
    else if (['--json', '--all'].includes(a)) flags.set(a.slice(2), true);
    else {
      const value = rest[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${a} needs a value`);
      flags.set(a.slice(2), value);
    }
  }
  return { command, positional, flags };
}

/** Runs one audit command against the API; resolves to the process exit code. */
export async function runAuditCli(argv: string[], io: AuditCliIo): Promise<number> {
  const say = (text: string) => io.out.write(`${text}\n`);
  try {
    const { command, positional, flags } = parseArgs(argv);
    const flag = (name: string) => (typeof flags.get(name) === 'string' ? (flags.get(name) as string) : undefined);
    const asOf = () => {
      const q = new URLSearchParams();
      if (flag('at')) q.set('at', flag('at')!);
      if (flag('position')) q.set('position', flag('position')!);
      return q.size ? `?${q}` : '';
    };
    const api = (path: string) => apiGet(io, path);

    switch (command) {
      case 'replay': {
        const lotId = need(positional[0], 'replay needs a lot id');
        const body = (await (await api(`/audit/auctions/${encodeURIComponent(lotId)}/events${asOf()}`)).json()) as { events: AuditEventView[] };
        if (flags.has('json')) say(JSON.stringify(body, null, 2));
        else say(replayTable(body.events));
        return 0;
      }
      case 'state': {
        const lotId = positional[0];
        if (lotId) {
          const lot = (await (await api(`/audit/auctions/${encodeURIComponent(lotId)}/state${asOf()}`)).json()) as AuditLotStateView;
          say(flags.has('json') ? JSON.stringify(lot, null, 2) : lotsTable([lot]));
        } else {
          const body = (await (await api(`/audit/auctions${asOf()}`)).json()) as { lots: AuditLotStateView[] };
          say(flags.has('json') ? JSON.stringify(body, null, 2) : lotsTable(body.lots));
        }
        return 0;
      }
      case 'export':
        return await exportHistory(io, positional[0], flag('from'), flag('to'), flag('format') ?? 'csv', flag('out'));
      case 'checkpoint': {
        const which = positional[0];
        if (which !== undefined && which !== 'latest' && which !== 'key') throw new UsageError('checkpoint takes no argument, `latest` or `key`');
        const res = which === undefined ? await apiSend(io, 'POST', '/audit/checkpoints') : await api(`/audit/checkpoints/${which}`);
        const text = which === 'key' ? await res.text() : JSON.stringify(await res.json(), null, 2);
        if (flag('out')) {
          fs.writeFileSync(flag('out')!, text.endsWith('\n') ? text : `${text}\n`);
          io.err.write(`written to ${flag('out')}\n`);
        } else say(text);
        return 0;
      }
      case 'verify': {
        if (flag('checkpoint')) {
          const kept = JSON.parse(fs.readFileSync(flag('checkpoint')!, 'utf8')) as SignedCheckpoint;
          const report = (await (await apiSend(io, 'POST', '/audit/checkpoints/verify', { checkpoint: kept })).json()) as AuditCheckpointVerifyView;
          // with the public key the auditor kept: a server whose key was replaced cannot vouch for a forged checkpoint
          const keptKey = flag('key') ? checkpointSignatureValid(kept, fs.readFileSync(flag('key')!, 'utf8')) : undefined;
          say(
            `checkpoint ${report.checkpointId}: signature ${report.signatureValid ? 'valid' : 'INVALID'} with the API's key${keptKey === undefined ? '' : `, ${keptKey ? 'valid' : 'INVALID'} with the kept key`}`,
          );
          say(`${report.streams} stream head(s) compared: ${report.deviations.length} deviation(s)`);
          for (const d of report.deviations)
            say(
              `  ${d.streamId}: ${d.reason} (checkpoint revision ${d.checkpointRevision}, now ${d.currentRevision ?? 'gone'}${d.reason === 'rewritten' ? `, hash ${d.currentHash} instead of ${d.checkpointHash}` : ''})`,
            );
          return report.deviations.length || !report.signatureValid || keptKey === false ? 2 : 0;
        }
        if (positional[0] && !flags.has('all')) {
          const report = (await (await api(`/audit/auctions/${encodeURIComponent(positional[0])}/verify`)).json()) as AuditVerifyView;
          say(verifyLine(report));
          return report.status === 'broken' ? 2 : 0;
        }
        const all = (await (await api('/audit/auctions/verify')).json()) as AuditVerifyAllView;
        say(
          `${all.streams} auction stream(s): ${all.intact} intact, ${all.broken.length} broken, ${all.unverifiable.length} unverifiable (written before chaining)`,
        );
        for (const r of [...all.broken, ...all.unverifiable]) say(`  ${verifyLine(r)}`);
        return all.broken.length ? 2 : 0;
      }
      case '':
      case 'help':
      case '--help':
        say(AUDIT_USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err.write(`${e.message}\n\n${AUDIT_USAGE}\n`);
      return 64;
    }
    io.err.write(`audit: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function need(value: string | undefined, message: string): string {
  if (!value) throw new UsageError(message);
  return value;
}

function apiGet(io: AuditCliIo, path: string): Promise<Response> {
  return apiSend(io, 'GET', path);
}

async function apiSend(io: AuditCliIo, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${io.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${io.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Error(`cannot reach the API at ${io.apiUrl} (${e instanceof Error ? e.message : e}); is \`npm start\` running?`, { cause: e });
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => undefined)) as ProblemDetails | undefined;
    const answer = `${res.status} ${problem?.title ?? res.statusText}${problem?.detail ? `: ${problem.detail}` : ''}`;
    const token = io.tokenSource ? `the access token from ${io.tokenSource}` : 'the access token';
    if (res.status === 401) throw new Error(`${answer} - the API refused ${token} (ask an admin for a new one)`);
    if (res.status === 403) throw new Error(`${answer} - ${token} acts for an employee who is neither auditor nor admin`);
    throw new Error(answer);
  }
  return res;
}

/** Streams an export to a file (or stdout) with a progress bar: by events for a lot, by time covered for a period. */
async function exportHistory(
  io: AuditCliIo,
  lotId: string | undefined,
  from: string | undefined,
  to: string | undefined,
  format: string,
  outFile: string | undefined,
): Promise<number> {
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  let path: string;
  let total: number;
  let progressOf: (row: { occurredAt: string }, rows: number) => number;
  if (lotId) {
    if (from || to) throw new UsageError('--from/--to export every auction of a period; leave out the lot id');
    path = `/audit/auctions/${encodeURIComponent(lotId)}/export?format=${format}`;
    total = 0; // from the X-Audit-Events header
    progressOf = (_, rows) => rows;
  } else {
    if (!from) throw new UsageError('export needs a lot id, or --from (and optionally --to) for a period');
    const end = to ?? new Date().toISOString();
    for (const [name, v] of [
      ['--from', from],
      ['--to', end],
    ])
      if (Number.isNaN(Date.parse(v))) throw new UsageError(`${name} must be an ISO timestamp`);
    path = `/audit/auctions/export?format=${format}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(end)}`;
    const start = Date.parse(from);
    total = Math.max(1, Date.parse(end) - start);
    progressOf = (row) => Math.min(total, Math.max(0, Date.parse(row.occurredAt) - start));
  }
  const res = await apiGet(io, path);
  if (lotId) total = Number(res.headers.get('x-audit-events') ?? 0);
  const sink: Writable = outFile ? fs.createWriteStream(outFile) : io.out;
  const bar =
    io.progress === 'bar'
      ? new SingleBar({ format: `export {bar} {percentage}% | {rows} events`, stream: io.err as NodeJS.WriteStream, hideCursor: true }, Presets.shades_classic)
      : undefined;
  bar?.start(total, 0, { rows: 0 });
  const rows = new RowScanner(format);
  const decoder = new TextDecoder();
  let lastLine = Date.now();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    if (!sink.write(text)) await new Promise((r) => sink.once('drain', r));
    const last = rows.feed(text);
    if (last) bar?.update(progressOf(last, rows.count), { rows: rows.count });
    if (last && io.progress === 'lines' && Date.now() - lastLine >= 1000) {
      lastLine = Date.now();
      io.err.write(`export: ${rows.count} events, ${total ? Math.floor((100 * progressOf(last, rows.count)) / total) : 0}%\n`);
    }
  }
  bar?.update(total, { rows: rows.count });
  bar?.stop();
  if (outFile) await new Promise<void>((resolve, reject) => (sink as fs.WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
  io.err.write(`${rows.count} event(s) exported${outFile ? ` to ${outFile}` : ''}\n`);
  return 0;
}

/**
 * Counts rows in a streamed export and remembers the occurred-at of the last
 * complete one: CSV is scanned quote-aware (a title may hold line breaks),
 * the JSON export has one row object per line.
 */
class RowScanner {
  count = 0;
  private inQuotes = false;
  private field = 0;
  private current = '';
  private header = true;
  private pending = '';
  constructor(private readonly format: 'csv' | 'json') {}

  feed(text: string): { occurredAt: string } | undefined {
    let last: { occurredAt: string } | undefined;
    if (this.format === 'json') {
      const lines = (this.pending + text).split('\n');
      this.pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = /"occurredAt":"([^"]+)"/.exec(line);
        if (!m) continue;
        this.count++;
        last = { occurredAt: m[1] };
      }
      return last;
    }
    const OCCURRED_AT = 7; // column index, see AUDIT_CSV_COLUMNS
    for (const ch of text) {
      if (ch === '"') this.inQuotes = !this.inQuotes;
      else if (!this.inQuotes && ch === ',') {
        if (this.field === OCCURRED_AT) last = { occurredAt: this.current };
        this.field++;
        this.current = '';
      } else if (!this.inQuotes && ch === '\n') {
        if (this.header) this.header = false;
        else this.count++;
        this.field = 0;
        this.current = '';
      } else if (this.field === OCCURRED_AT && ch !== '\r') this.current += ch;
    }
    return last;
  }
}

const money = (v: number | null | undefined) => (v === null || v === undefined ? '-' : (v / 100).toFixed(2));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function replayTable(events: AuditEventView[]): string {
  return table(
    ['rev', 'position', 'occurred at', 'event', 'actor', 'command', 'price', 'leader', 'max', 'status', 'closes at', 'hash'],
    events.map((e) => [
      String(e.revision),
      e.position,
      e.occurredAt,
      `${e.type}${e.upcast ? ` (v${e.schemaVersion}, upcast)` : ''}`,
      e.actorId ?? '-',
      (e.commandId ?? '-').slice(0, 12),
      money(e.after?.currentPrice),
      e.after?.leaderId ?? '-',
      money(e.after?.leaderMaximum),
      e.after?.status ?? '-',
      e.after?.closesAt ?? '-',
      e.hash ? e.hash.slice(0, 12) : 'unchained',
    ]),
  );
}

export function lotsTable(lots: AuditLotStateView[]): string {
  return table(
    ['lot', 'status', 'round', 'price', 'leader', 'max', 'bids', 'reserve', 'closes at', 'outcome', 'winner'],
    lots.map((l) => [
      l.lotId,
      l.status,
      String(l.round),
      money(l.currentPrice),
      l.leaderId ?? '-',
      money(l.leaderMaximum),
      String(l.bidCount),
      l.reservePrice === null ? '-' : `${money(l.reservePrice)} ${l.reserveMet ? 'met' : 'not met'}`,
      l.closesAt,
      l.outcome ?? '-',
      l.winnerId ?? '-',
    ]),
  );
}

function verifyLine(r: AuditVerifyView): string {
  if (r.status === 'intact') return `${r.lotId}: intact, ${r.events} event(s), head ${r.headHash}`;
  if (r.status === 'unverifiable') return `${r.lotId}: unverifiable - none of its ${r.events} event(s) carries a hash (written before chaining)`;
  const b = r.firstBroken!;
  const why = {
    hash_mismatch: 'stored content does not match its hash (edited)',
    missing_hash: 'hash missing',
    revision_gap: 'revision out of sequence (an event was deleted or moved)',
    unkeyed_after_keyed: 'hash recomputed without the chain key after keyed events (the tail was rewritten)',
    unknown_key: 'hashed under a key this deployment does not hold',
  }[b.reason];
  return `${r.lotId}: BROKEN at revision ${b.revision} (${b.type || 'event'} ${b.eventId}): ${why}`;
}
