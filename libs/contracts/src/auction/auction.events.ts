/** Events of the `auction-<lotId>` stream. Amounts are integer minor units. */
export const LOT_KINDS = ['parking_spot', 'hardware', 'own_lot'] as const;
export type LotKind = (typeof LOT_KINDS)[number];

export interface ParkingSpotDetails {
  spotNumber: string;
  /** ISO dates, inclusive. */
  periodFrom: string;
  periodTo: string;
}
export interface HardwareDetails {
  inventoryTag: string;
  condition: 'new' | 'good' | 'fair' | 'poor';
}
export type LotDetails = ParkingSpotDetails | HardwareDetails | Record<string, never>;

export interface LotOpened {
  type: 'LotOpened';
  data: {
    lotId: string;
    kind: LotKind;
    title: string;
    description: string;
    sellerId: string;
    startingPrice: number;
    minIncrement: number;
    currency: string;
    opensAt: string;
    closesAt: string;
    details: LotDetails;
  };
}

export interface BidPlaced {
  type: 'BidPlaced';
  data: { lotId: string; bidderId: string; amount: number; placedAt: string };
}

export interface LotClosed {
  type: 'LotClosed';
  data: {
    lotId: string;
    closedAt: string;
    outcome: 'sold' | 'not_sold';
    winnerId: string | null;
    price: number | null;
  };
}

export type AuctionEvent = LotOpened | BidPlaced | LotClosed;
export type AuctionEventType = AuctionEvent['type'];
export const AUCTION_EVENT_TYPES: readonly AuctionEventType[] = ['LotOpened', 'BidPlaced', 'LotClosed'];

export const auctionStreamId = (lotId: string) => `auction-${lotId}`;
export const AUCTION_STREAM_PREFIX = 'auction-';
