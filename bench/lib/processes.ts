import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { freePort, SERVER_NODE_FLAGS } from '@megabot/platform';

/**
 * Child processes of a benchmark (API, projector, bot, the baselines' servers): started with an IPC channel and the
 * flags a deployment runs them with (SERVER_NODE_FLAGS), stopped gracefully.
 */
export function spawn(file: string, args: string[], env: NodeJS.ProcessEnv, children: ChildProcess[], execArgv: string[] = []): ChildProcess {
  const child = fork(file, args, { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [...SERVER_NODE_FLAGS, ...execArgv] });
  children.push(child);
  return child;
}

/** Resolves on the child's `{ type: 'ready' }` message; rejects if it exits first. */
export function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type?: string }) => m?.type === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`a bench process exited during start (code ${code})`)));
  });
}

/** SIGTERM, then SIGKILL after 5 s. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** kill -9: a crash, no shutdown hook runs; resolves once the process is gone. */
export function crash(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * A service a probe crashes and starts again: the same file and environment each time; `current` is the live process
 * (each is also pushed to `children`, so the caller's clean-up stops whichever runs).
 */
export class Restartable {
  current: ChildProcess;
  restarts = 0;

  constructor(
    private readonly file: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly children: ChildProcess[],
  ) {
    this.current = spawn(file, [], env, children);
  }

  /** kill -9, then the same process again; waits for its `ready` message when it sends one. */
  async crashAndRestart(waitReady: boolean): Promise<void> {
    await crash(this.current);
    this.current = spawn(this.file, [], this.env, this.children);
    this.restarts++;
    if (waitReady) await ready(this.current);
  }
}

/** An API process (apps/api) on a free port, ready; `execArgv` e.g. to profile it (`--cpu-prof`). */
export async function startApi(
  dist: string,
  env: NodeJS.ProcessEnv,
  children: ChildProcess[],
  execArgv: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(path.join(dist, 'apps/api/src/main.js'), [], { ...env, API_PORT: String(port) }, children, execArgv);
  await ready(child);
  return { child, url: `http://127.0.0.1:${port}` };
}

/** A projector process (apps/projector: projections and process managers). */
export function startProjector(dist: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): ChildProcess {
  return spawn(path.join(dist, 'apps/projector/src/main.js'), [], env, children);
}
