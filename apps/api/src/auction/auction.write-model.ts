import { Inject, Injectable } from '@nestjs/common';
import { auctionStreamId, formatPosition, type AuctionEvent, type CommandResultDto } from '@megabot/contracts';
import { upcastAuctionEvent, type AuctionCommand } from '@megabot/domain';
import { createAuctionProcessor, type AuctionProcessor, type EventStore, type ProcessorStats } from '@megabot/event-store';
import { EVENT_STORE } from '../core/api-options';

export interface CommandContext {
  commandId: string;
  actorId: string;
  correlationId?: string;
}

/** Where a command wrote, and what it decided (the original events, also for a retried command). */
export interface AuctionCommandResult {
  result: CommandResultDto;
  events: AuctionEvent[];
}

/** Most events one auction command produces (MaximumSet, BidPlaced, BuyNowExpired, LotExtended). */
const MAX_EVENTS_PER_COMMAND = 8;

/** The auction's write side: one per-stream serialized processor for all lots of this process. */
@Injectable()
export class AuctionWriteModel {
  private readonly processor: AuctionProcessor;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.processor = createAuctionProcessor(store);
  }

  get stats(): ProcessorStats {
    return this.processor.stats;
  }

  async execute(command: AuctionCommand, ctx: CommandContext): Promise<CommandResultDto> {
    return (await this.run(command, ctx, false)).result;
  }

  /** Like execute, and also the events the command produced - read back from the stream for a retried command, so a retry gets the same answer. */
  async executeWithEvents(command: AuctionCommand, ctx: CommandContext): Promise<AuctionCommandResult> {
    return this.run(command, ctx, true);
  }

  private async run(command: AuctionCommand, ctx: CommandContext, withEvents: boolean): Promise<AuctionCommandResult> {
    const streamId = auctionStreamId(command.lotId);
    const outcome = await this.processor.execute(streamId, command, {
      commandId: ctx.commandId,
      commandHash: hashCommand(command),
      correlationId: ctx.correlationId,
      actorId: ctx.actorId,
    });
    let events = outcome.events;
    if (withEvents && outcome.duplicate) {
      const from = outcome.revision - BigInt(MAX_EVENTS_PER_COMMAND - 1);
      const recorded = await this.store.readStream(streamId, { fromRevision: from < 0n ? 0n : from, maxCount: MAX_EVENTS_PER_COMMAND });
      events = recorded
        .filter((e) => e.metadata.commandId === ctx.commandId && e.revision <= outcome.revision)
        .map((e) => upcastAuctionEvent({ type: e.type, data: e.data } as AuctionEvent));
    }
    return {
      result: {
        streamId: outcome.streamId,
        revision: Number(outcome.revision),
        position: formatPosition(outcome.position),
        duplicate: outcome.duplicate,
      },
      events,
    };
  }
}

/**
 * Fingerprint of a command's content, to refuse an idempotency key reused for
 * another command. Not a security boundary (the key's owner is the actor), so a
 * fast 53-bit hash (cyrb53) beats a cryptographic one on the hot path.
 */
export function hashCommand(command: AuctionCommand): string {
  const text = JSON.stringify(command);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
