import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A key the deployment sets (the same value on every instance), or, on one
 * machine, a random one created once in the data folder and kept there
 * (`npm start`, tests). Read on first use.
 */
export function secretFrom(configured: string | undefined, dataDir: string, file: string): string {
  if (configured) return configured;
  const at = path.join(dataDir, file);
  try {
    return fs.readFileSync(at, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(at, secret, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(at, 'utf8').trim(); // another process wrote it first
    }
  }
}
