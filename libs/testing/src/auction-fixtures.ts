import { randomUUID } from 'node:crypto';
import type { EventData } from '@megabot/event-store';

/** Raw auction events with envelopes, for projector and audit tests that write the log directly. */
export function lotOpenedEvent(lotId: string, overrides: Record<string, unknown> = {}): EventData {
  return envelope('LotOpened', {
    lotId,
    kind: 'own_lot',
    title: `Lot ${lotId}`,
    description: '',
    sellerId: 'seller',
    startingPrice: 100,
    minIncrement: 10,
    currency: 'RUB',
    opensAt: '2026-11-25T10:00:00.000Z',
    closesAt: '2026-12-25T10:00:00.000Z',
    details: {},
    ...overrides,
  });
}

export function bidPlacedEvent(lotId: string, bidderId: string, amount: number): EventData {
  return envelope('BidPlaced', { lotId, bidderId, amount, placedAt: new Date().toISOString() });
}

function envelope(type: string, data: Record<string, unknown>): EventData {
  const commandId = randomUUID();
  return { id: randomUUID(), type, data, metadata: { commandId, occurredAt: new Date().toISOString(), schemaVersion: 1, actorId: 'test' } };
}
