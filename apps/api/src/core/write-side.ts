import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { formatPosition, type CommandResultDto } from '@megabot/contracts';
import type { DomainEvent, WriteSideDefinition } from '@megabot/domain';
import { StreamCommandProcessor, type CommandContext, type CommandOutcome, type EventStore, type ProcessorStats } from '@megabot/event-store';
import { EVENT_STORE } from './api-options';
import { AuditKeys } from './audit-keys';

/** What a command answers over HTTP, and the events it decided (also for a retry: the ones it decided the first time). */
export interface Executed<E extends DomainEvent> {
  result: CommandResultDto;
  events: E[];
}

/**
 * A feature's domain command on its way through the CommandBus: the use case's
 * one command type, the write side that runs it, and who sent it.
 */
export class ExecuteCommand<C, E extends DomainEvent> extends Command<Executed<E>> {
  constructor(
    readonly writeSide: WriteSideDefinition<C, E, unknown>,
    readonly command: C,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The write sides of this process: one per-stream serialized processor per feature definition. */
@Injectable()
export class WriteSides {
  private readonly processors = new Map<WriteSideDefinition<never, DomainEvent, unknown>, StreamCommandProcessor<never, DomainEvent, unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly keys: AuditKeys,
  ) {}

  of<C, E extends DomainEvent, S>(definition: WriteSideDefinition<C, E, S>): StreamCommandProcessor<C, E, S> {
    const key = definition as unknown as WriteSideDefinition<never, DomainEvent, unknown>;
    let processor = this.processors.get(key);
    if (!processor) {
      processor = new StreamCommandProcessor(this.store, key, { chainKey: definition.hashChain ? this.keys.chainKey : undefined });
      this.processors.set(key, processor);
    }
    return processor as unknown as StreamCommandProcessor<C, E, S>;
  }

  /** Command-path counters per write side (conflicts retried, batches, duplicates). */
  stats(): Record<string, ProcessorStats> {
    return Object.fromEntries([...this.processors].map(([d, p]) => [d.name, p.stats]));
  }
}

@CommandHandler(ExecuteCommand)
export class ExecuteCommandHandler implements ICommandHandler<ExecuteCommand<unknown, DomainEvent>> {
  constructor(private readonly writeSides: WriteSides) {}

  async execute({ writeSide, command, context }: ExecuteCommand<unknown, DomainEvent>): Promise<Executed<DomainEvent>> {
    const outcome = await this.writeSides.of(writeSide).execute(command, context);
    return { result: commandResult(outcome), events: outcome.events };
  }
}

export function commandResult(outcome: CommandOutcome): CommandResultDto {
  return { streamId: outcome.streamId, revision: Number(outcome.revision), position: formatPosition(outcome.position), duplicate: outcome.duplicate };
}
