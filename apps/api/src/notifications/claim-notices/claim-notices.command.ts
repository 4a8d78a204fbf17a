import { Command } from '@nestjs/cqrs';
import type { ClaimedNoticesView } from '@megabot/contracts';

/** A bot instance takes the due notices of every feature for delivery, leased to it for `leaseSeconds`. */
export class ClaimNoticesCommand extends Command<ClaimedNoticesView> {
  constructor(
    readonly limit: number,
    readonly leaseSeconds: number,
  ) {
    super();
  }
}
