import type { Decider, DomainEvent } from './decider';

/**
 * A feature's write side as data: what the one generic command processor
 * (libs/event-store) needs besides the store. Pure, so every writer (the API,
 * a process manager, a tool) runs a feature's commands the same way.
 */
export interface WriteSideDefinition<C, E extends DomainEvent, S> {
  /** Names the write side in logs and stats. */
  readonly name: string;
  readonly decider: Decider<C, E, S>;
  /** The stream a command is decided on (its optimistic-concurrency boundary). */
  streamOf(command: C): string;
  /** Schema version written into each new event's metadata. */
  schemaVersionOf(eventType: string): number;
  /** Brings a stored event (written with `schemaVersion`) to its current shape before `evolve`: the store keeps events as they were written. */
  upcast?(event: DomainEvent, schemaVersion: number): E;
  /** Chains each new event's hash to the stream's previous one (tamper evidence for auditors). */
  readonly hashChain?: boolean;
  /**
   * What makes two requests "the same command" for the idempotency check (default: the command itself).
   * Leaves out what a retry legitimately changes, such as a freshly generated secret.
   */
  fingerprint?(command: C): unknown;
}

/** A schema-version lookup over a feature's table of versions (1 for a type it does not list). */
export const versionsFrom =
  (versions: Readonly<Record<string, number>>) =>
  (eventType: string): number =>
    versions[eventType] ?? 1;
