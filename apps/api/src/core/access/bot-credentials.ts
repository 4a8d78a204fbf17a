import { Inject, Injectable } from '@nestjs/common';
import { API_OPTIONS, type ApiOptions } from '../api-options';
import { sameDigest, secretDigest } from './secrets';

/**
 * The bot service's credential (BOT_API_TOKEN). Several are accepted at once
 * so a deployment rotates without downtime: add the new one, move the bots
 * to it, remove the old one. Compared in constant time, every one of them
 * every time (no early exit that would tell which one was close).
 */
@Injectable()
export class BotCredentials {
  /** The accepted tokens' digests, computed once: a request hashes only what it presents (every bot call passes here). */
  private readonly digests: Buffer[];

  constructor(@Inject(API_OPTIONS) options: ApiOptions) {
    this.digests = (options.auth?.botApiTokens ?? []).map(secretDigest);
  }

  matches(presented: string): boolean {
    const digest = secretDigest(presented);
    let ok = false;
    for (const accepted of this.digests) if (sameDigest(digest, accepted)) ok = true;
    return ok;
  }
}
