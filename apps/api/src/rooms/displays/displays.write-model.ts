import { Inject, Injectable } from '@nestjs/common';
import { displayStreamId, formatPosition, roomStreamId, type CommandResultDto, type DisplayEvent, type RoomEvent } from '@megabot/contracts';
import { displayWriteSide, evolveRoom, initialRoomState, type DisplayCommand, type DisplayRoomRef, type DisplayState } from '@megabot/domain';
import { fingerprint, StreamCommandProcessor, type EventStore } from '@megabot/event-store';
import { EVENT_STORE } from '../../core/api-options';

export interface DisplayCommandContext {
  commandId: string;
  actorId: string;
  correlationId?: string;
}

/** The write side of `display-<id>` streams (admin commands: rare, so no batching tricks beyond the processor's). */
@Injectable()
export class DisplaysWriteModel {
  private readonly processor: StreamCommandProcessor<DisplayCommand, DisplayEvent, DisplayState>;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.processor = new StreamCommandProcessor(store, displayWriteSide, { maxCachedStreams: 1000 });
  }

  async execute(command: DisplayCommand, ctx: DisplayCommandContext): Promise<CommandResultDto> {
    const outcome = await this.processor.execute(command, {
      commandId: ctx.commandId,
      commandHash: hashOf(command),
      correlationId: ctx.correlationId,
      actorId: ctx.actorId,
    });
    return { streamId: outcome.streamId, revision: Number(outcome.revision), position: formatPosition(outcome.position), duplicate: outcome.duplicate };
  }

  current(displayId: string): Promise<{ state: DisplayState; revision: bigint }> {
    return this.processor.current(displayStreamId(displayId));
  }

  /** The room as the display decider needs it, folded from its stream (the source of truth, not a read model that may lag). */
  async room(roomId: string): Promise<DisplayRoomRef> {
    const events = await this.store.readStream(roomStreamId(roomId));
    const state = events.map((e) => ({ type: e.type, data: e.data }) as RoomEvent).reduce(evolveRoom, initialRoomState);
    return { roomId, exists: state.status !== 'none', retired: state.status === 'retired' };
  }
}

/**
 * Fingerprint of a command for the idempotency check, without the token:
 * a retried register/rotate carries a new random token, and must be
 * recognised as the same request (it then answers without a token).
 */
function hashOf(command: DisplayCommand): string {
  const { tokenHash: _h, tokenHint: _t, room: _r, ...rest } = command as DisplayCommand & { tokenHash?: string; tokenHint?: string; room?: unknown };
  return fingerprint(rest);
}
