import * as fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__megabotEmbeddedPg as { pg: { stop(): Promise<void>; dataDir: string }; dataDir: string } | undefined;
  if (!handle) return;
  await handle.pg.stop();
  fs.rmSync(handle.dataDir, { recursive: true, force: true });
}
