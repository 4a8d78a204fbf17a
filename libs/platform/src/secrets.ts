import { generateKeyPairSync, randomBytes } from 'node:crypto';
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

/**
 * An Ed25519 private key (PKCS#8 PEM, or that PEM in base64) the deployment sets, or one generated once and kept in
 * the data folder. Returned as PEM.
 */
export function ed25519KeyFrom(configured: string | undefined, dataDir: string, file: string): string {
  if (configured) return configured.includes('BEGIN') ? configured : Buffer.from(configured, 'base64').toString('utf8');
  const at = path.join(dataDir, file);
  try {
    return fs.readFileSync(at, 'utf8');
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      fs.writeFileSync(at, pem, { flag: 'wx', mode: 0o600 });
      return pem;
    } catch {
      return fs.readFileSync(at, 'utf8');
    }
  }
}
