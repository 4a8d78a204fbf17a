import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/** CPU seconds used so far by each readable process (Linux /proc; utime + stime at 100 ticks/s). */
export function cpuSeconds(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The postmaster of the data folder and its backends. */
export function postgresPids(dataDir: string): number[] {
  try {
    const master = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master;
        } catch {
          return false;
        }
      });
    return [master, ...children.map(Number)];
  } catch {
    return [];
  }
}

/** The machine's CPU ticks so far: all, and those spent idle or waiting for I/O (/proc/stat, every core). */
function machineTicks(): { total: number; idle: number } {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    return { total: cpu.reduce((a, b) => a + b, 0), idle: cpu[3] + cpu[4] };
  } catch {
    return { total: 0, idle: 0 };
  }
}

export type Procs = Record<string, () => number[]>;

/**
 * CPU use of each process group during `fn`: in % of one core, and in CPU seconds (user + system, which a busy
 * neighbour on the machine does not inflate the way it stretches wall time). Backends that exit during `fn` are missed.
 * `machineBusyCores`: how many of the machine's cores were busy on average (everything: the load generator, a proxy),
 * which tells whether a figure was bound by the machine rather than by the system under test.
 */
export async function withCpu<T>(
  procs: Procs,
  fn: () => Promise<T>,
): Promise<{
  result: T;
  cpuPercent: Record<string, number | null>;
  cpuS: Record<string, number | null>;
  loadAverage1m: number;
  machineBusyCores: number | null;
}> {
  const pids = Object.fromEntries(Object.entries(procs).map(([k, f]) => [k, f()]));
  const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]));
  const machine = machineTicks();
  const t = performance.now();
  const result = await fn();
  const machineAfter = machineTicks();
  const ticks = machineAfter.total - machine.total;
  const machineBusyCores = ticks > 0 ? round(((ticks - (machineAfter.idle - machine.idle)) / ticks) * os.cpus().length, 2) : null;
  const wall = (performance.now() - t) / 1000;
  const cpuS = Object.fromEntries(
    Object.entries(pids).map(([k, p]) => {
      const a = before[k];
      const b = cpuSeconds(p);
      let used = 0;
      for (const [pid, secs] of b) used += secs - (a.get(pid) ?? secs); // processes alive at both ends
      return [k, b.size === 0 ? null : round(used, 2)];
    }),
  );
  const cpuPercent = Object.fromEntries(Object.entries(cpuS).map(([k, used]) => [k, used === null ? null : round((used / wall) * 100, 0)]));
  return { result, cpuPercent, cpuS, loadAverage1m: round(os.loadavg()[0], 2), machineBusyCores };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
