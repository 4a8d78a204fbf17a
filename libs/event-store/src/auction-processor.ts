import { AUCTION_SCHEMA_VERSIONS, type AuctionEvent, type AuctionEventType } from '@megabot/contracts';
import { auctionDecider, upcastAuctionEvent, type AuctionCommand, type AuctionState } from '@megabot/domain';
import type { EventStore } from './event-store.port';
import { StreamCommandProcessor, type StreamCommandProcessorOptions } from './stream-command-processor';

export type AuctionProcessor = StreamCommandProcessor<AuctionCommand, AuctionEvent, AuctionState>;

/**
 * The write side of auction streams, as every writer must build it (API,
 * closing process manager, tools): events carry their schema version and a
 * hash chained to the stream's previous event (auditors verify it), and
 * stored events are upcast before they are folded.
 */
export function createAuctionProcessor(store: EventStore, options: StreamCommandProcessorOptions = {}): AuctionProcessor {
  return new StreamCommandProcessor(store, auctionDecider, {
    schemaVersion: (type) => AUCTION_SCHEMA_VERSIONS[type as AuctionEventType] ?? 1,
    upcast: (e) => upcastAuctionEvent(e as AuctionEvent),
    hashChain: true,
    ...options,
  });
}
