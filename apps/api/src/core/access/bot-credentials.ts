import { Inject, Injectable } from '@nestjs/common';
import { API_OPTIONS, type ApiOptions } from '../api-options';
import { sameSecret } from './secrets';

/**
 * The bot service's credential (BOT_API_TOKEN). Several are accepted at once
 * so a deployment rotates without downtime: add the new one, move the bots
 * to it, remove the old one. Compared in constant time, every one of them
 * every time (no early exit that would tell which one was close).
 */
@Injectable()
export class BotCredentials {
  private readonly tokens: string[];

  constructor(@Inject(API_OPTIONS) options: ApiOptions) {
    this.tokens = options.auth?.botApiTokens ?? [];
  }

  matches(presented: string): boolean {
    let ok = false;
    for (const token of this.tokens) if (sameSecret(presented, token)) ok = true;
    return ok;
  }
}
