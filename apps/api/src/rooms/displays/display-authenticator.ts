import { Injectable } from '@nestjs/common';
import type { DisplayAuthenticator } from '../../core/access/access.guard';
import { problem } from '../../core/problem';
import { DisplayAuthLimiter } from './display-auth-limiter';
import { DisplayDirectory } from './display-directory.service';
import { bearerToken, hashDisplayToken } from './display-token';

/**
 * Who a door display is, for the AccessGuard: the active display holding the
 * bearer token, answered from memory. Failures are counted per address; an
 * address over the limit gets 429 with Retry-After, except for tokens already
 * known (displays behind the same NAT as a guesser keep working).
 */
@Injectable()
export class DisplayTokenAuthenticator implements DisplayAuthenticator {
  constructor(
    private readonly directory: DisplayDirectory,
    private readonly limiter: DisplayAuthLimiter,
  ) {}

  async authenticate(authorization: string | undefined, address: string): Promise<{ displayId: string }> {
    const token = bearerToken(authorization);
    const hash = token ? hashDisplayToken(token) : null;
    const wait = this.limiter.retryAfter(address);
    let display = wait > 0 && hash ? this.directory.knownToken(hash) : null;
    if (wait > 0 && !display) {
      throw problem(429, 'displays.too_many_failures', 'Too many failed display authentications from this address', `Retry in ${wait} s`, { retryAfter: wait });
    }
    display ??= hash ? await this.directory.byTokenHash(hash) : null;
    if (!display) {
      this.limiter.fail(address);
      throw token
        ? problem(401, 'displays.unknown_token', 'Unknown display token', 'The token is not registered, was rotated or the display was retired')
        : problem(
            401,
            'displays.token_missing',
            'A display token is required',
            'Send "Authorization: Bearer <token>" as issued when the display was registered',
          );
    }
    return { displayId: display.display_id };
  }
}
