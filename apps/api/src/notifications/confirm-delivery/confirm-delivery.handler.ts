import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DeliveryOutcome, DeliveryReceiptView, NoticeFeature } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';
import { NOTICE_BY_ID } from '../notice-sources';
import { ConfirmDeliveryCommand } from './confirm-delivery.command';

/**
 * Settles a notice: never handed out again, also after a projection rebuild (the receipt is outside the rebuilt
 * schemas). Idempotent: a repeated confirmation answers the first outcome with `first: false`.
 */
@CommandHandler(ConfirmDeliveryCommand)
export class ConfirmDeliveryHandler implements ICommandHandler<ConfirmDeliveryCommand> {
  constructor(private readonly ds: DataSource) {}

  async execute({ id, outcome, error }: ConfirmDeliveryCommand): Promise<DeliveryReceiptView> {
    const rows: { feature: NoticeFeature; outcome: DeliveryOutcome; confirmed_at: Date; first: boolean }[] = await this.ds.query(
      `WITH notice AS (${NOTICE_BY_ID} LIMIT 1),
            settled AS (
              INSERT INTO notify.deliveries AS d (notification_id, feature, recipient_id, attempts, outcome, error, confirmed_at)
              SELECT id, feature, recipient_id, 0, $2, $3, now() FROM notice
              ON CONFLICT (notification_id) DO UPDATE
                 SET outcome = EXCLUDED.outcome, error = EXCLUDED.error, confirmed_at = EXCLUDED.confirmed_at, leased_until = NULL
               WHERE d.outcome IS NULL
              RETURNING d.feature, d.outcome, d.confirmed_at)
       SELECT feature, outcome, confirmed_at, true AS first FROM settled
       UNION ALL
       SELECT feature, outcome, confirmed_at, false AS first FROM notify.deliveries WHERE notification_id = $1 AND outcome IS NOT NULL`,
      [id, outcome, error],
    );
    if (!rows.length) throw problem(404, 'notification.not_found', `Notification ${id} does not exist`);
    const [r] = rows;
    return { id, feature: r.feature, outcome: r.outcome, confirmedAt: new Date(r.confirmed_at).toISOString(), first: r.first };
  }
}
