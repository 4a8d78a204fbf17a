import { Inject, Injectable } from '@nestjs/common';
import { auctionStreamId, formatPosition, type AuctionEvent, type CommandResultDto } from '@megabot/contracts';
import { auctionDecider, type AuctionCommand, type AuctionState } from '@megabot/domain';
import { StreamCommandProcessor, type EventStore, type ProcessorStats } from '@megabot/event-store';
import { EVENT_STORE } from '../core/api-options';

export interface CommandContext {
  commandId: string;
  actorId: string;
  correlationId?: string;
}

/** The auction's write side: one per-stream serialized processor for all lots of this process. */
@Injectable()
export class AuctionWriteModel {
  private readonly processor: StreamCommandProcessor<AuctionCommand, AuctionEvent, AuctionState>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.processor = new StreamCommandProcessor(store, auctionDecider);
  }

  get stats(): ProcessorStats {
    return this.processor.stats;
  }

  async execute(command: AuctionCommand, ctx: CommandContext): Promise<CommandResultDto> {
    const outcome = await this.processor.execute(auctionStreamId(command.lotId), command, {
      commandId: ctx.commandId,
      commandHash: hashCommand(command),
      correlationId: ctx.correlationId,
      actorId: ctx.actorId,
    });
    return {
      streamId: outcome.streamId,
      revision: Number(outcome.revision),
      position: formatPosition(outcome.position),
      duplicate: outcome.duplicate,
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
