import { readCliToken, writeCliToken, type CliTokenRole } from '@megabot/platform';
import type { PersonalTokens } from '../../apps/api/src/core/access/personal-tokens';
import type { ActAs } from './seed';

const CLI_TOKEN_DAYS = 30;
const SEEDING_MINUTES = 10;

/**
 * The credentials `npm start` hands out, issued straight into `auth.tokens` (the API's PersonalTokens over the same
 * database): nobody has to sign in before the demo, the dev chat and the CLIs work.
 */
export class StartCredentials {
  private readonly seeding = new Map<string, string>();

  constructor(private readonly tokens: PersonalTokens) {}

  /**
   * The CLI token of an employee in DATA_DIR/cli-token-<role> (mode 0600): the one already there while it is live and
   * still that employee's, else a new one (valid CLI_TOKEN_DAYS days; a later start issues the next).
   */
  async cliToken(dataDir: string, role: CliTokenRole, employeeId: string): Promise<{ token: string; file: string; issued: boolean }> {
    const kept = readCliToken(dataDir, role);
    const row = kept ? await this.tokens.verify(kept) : null;
    if (kept && row?.employee_id === employeeId) return { token: kept, file: writeCliToken(dataDir, role, kept), issued: false };
    const expiresAt = new Date(Date.now() + CLI_TOKEN_DAYS * 86_400_000);
    const { token } = await this.tokens.issue(employeeId, `npm start: ${role} CLI`, 'npm-start', expiresAt);
    return { token, file: writeCliToken(dataDir, role, token), issued: true };
  }

  /** Credentials for the demo seeding: a token per acting employee, valid for minutes; `done()` revokes them all. */
  seeder(): { as: ActAs; done(): Promise<void> } {
    return {
      as: async (employeeId) => {
        let token = this.seeding.get(employeeId);
        if (!token) {
          const issued = await this.tokens.issue(employeeId, 'npm start: demo seeding', 'npm-start', new Date(Date.now() + SEEDING_MINUTES * 60_000));
          this.seeding.set(employeeId, (token = issued.token));
        }
        return { authorization: `Bearer ${token}` };
      },
      done: async () => {
        for (const token of this.seeding.values()) await this.tokens.revoke(/^mbp_([A-Za-z0-9]{12})_/.exec(token)![1]);
        this.seeding.clear();
      },
    };
  }
}
