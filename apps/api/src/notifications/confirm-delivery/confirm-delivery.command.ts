import { Command } from '@nestjs/cqrs';
import type { DeliveryOutcome, DeliveryReceiptView } from '@megabot/contracts';

/** The bot reports a claimed notice sent (or refused by Telegram for good). */
export class ConfirmDeliveryCommand extends Command<DeliveryReceiptView> {
  constructor(
    readonly id: string,
    readonly outcome: DeliveryOutcome,
    readonly error: string | null,
  ) {
    super();
  }
}
