import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomToken, sameSecret, sha256 } from './secrets';

/** A personal access token: `mbp_<id>_<secret>`; only the secret's SHA-256 is stored. */
export const TOKEN_PREFIX = 'mbp_';
const TOKEN = /^mbp_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface TokenRow {
  token_id: string;
  employee_id: string;
  name: string;
  secret_hash: string;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Personal access tokens for the CLIs (audit, identity import, rebuilds):
 * issued by an admin to an employee and shown once, they act as that
 * employee with the roles the employee has at each request (a dismissed
 * employee's token opens nothing); revocable; last use recorded.
 */
@Injectable()
export class PersonalTokens {
  /** Verified tokens, briefly: a CLI sends many requests; a revocation takes effect within this long. */
  private readonly cache = new Map<string, { row: TokenRow; until: number }>();

  constructor(private readonly ds: DataSource) {}

  async issue(employeeId: string, name: string, createdBy: string, expiresAt: Date | null): Promise<{ token: string; row: TokenRow }> {
    const tokenId = randomToken(9).replace(/[-_]/g, 'x').slice(0, 12);
    const secret = randomToken(32);
    const [row]: TokenRow[] = await this.ds.query(
      `INSERT INTO auth.tokens (token_id, employee_id, name, secret_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [tokenId, employeeId, name, sha256(secret), createdBy, expiresAt],
    );
    return { token: `${TOKEN_PREFIX}${tokenId}_${secret}`, row };
  }

  /** The live token row a presented token names, or null. */
  async verify(presented: string): Promise<TokenRow | null> {
    const m = TOKEN.exec(presented);
    if (!m) return null;
    const [, tokenId, secret] = m;
    const cached = this.cache.get(tokenId);
    let row = cached && cached.until > Date.now() ? cached.row : undefined;
    if (!row) {
      [row] = await this.ds.query(`SELECT * FROM auth.tokens WHERE token_id = $1`, [tokenId]);
      if (!row) return null;
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(tokenId, { row, until: Date.now() + 10_000 });
    }
    if (!sameSecret(sha256(secret), row.secret_hash) || row.revoked_at || (row.expires_at && new Date(row.expires_at).getTime() <= Date.now())) return null;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      row.last_used_at = new Date();
      await this.ds.query(`UPDATE auth.tokens SET last_used_at = now() WHERE token_id = $1`, [tokenId]);
    }
    return row;
  }

  async list(employeeId?: string): Promise<TokenRow[]> {
    return employeeId
      ? this.ds.query(`SELECT * FROM auth.tokens WHERE employee_id = $1 ORDER BY created_at DESC`, [employeeId])
      : this.ds.query(`SELECT * FROM auth.tokens ORDER BY created_at DESC LIMIT 1000`);
  }

  async revoke(tokenId: string): Promise<TokenRow | null> {
    this.cache.delete(tokenId);
    const [rows] = (await this.ds.query(`UPDATE auth.tokens SET revoked_at = coalesce(revoked_at, now()) WHERE token_id = $1 RETURNING *`, [tokenId])) as [
      TokenRow[],
      number,
    ];
    return rows[0] ?? null;
  }
}
