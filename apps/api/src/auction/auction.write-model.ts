import { createHash } from 'node:crypto';
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

function hashCommand(command: AuctionCommand): string {
  return createHash('sha256').update(JSON.stringify(command)).digest('base64url').slice(0, 22);
}
