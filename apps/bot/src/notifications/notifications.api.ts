import type { ClaimedNoticesView, DeliveryOutcome, DeliveryReceiptView } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

/** The one outbox of every feature's notices. */
export class NotificationsApi {
  constructor(private readonly http: ApiClient) {}

  /** Due notices of every recipient, leased to this caller for `leaseSeconds` (sent once: a second claim takes more). */
  claim(limit: number, leaseSeconds: number): Promise<ClaimedNoticesView> {
    return this.http.request({ method: 'POST', path: '/notifications/claim', body: { limit, leaseSeconds } });
  }

  /** Settles a claimed notice; idempotent on the API's side, so it carries a key and is retried like any safe request. */
  confirm(id: string, outcome: DeliveryOutcome = 'delivered', error?: string): Promise<DeliveryReceiptView> {
    return this.http.request({
      method: 'POST',
      path: `/notifications/${seg(id)}/delivered`,
      body: error === undefined ? { outcome } : { outcome, error: error.slice(0, 500) },
      idempotencyKey: `delivered-${id}`,
    });
  }
}
