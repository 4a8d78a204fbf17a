/** An aggregate as three plain functions (the "decider" pattern). */
export interface DomainEvent {
  type: string;
  data: unknown;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  initialState: State;
  evolve(state: State, event: Event): State;
  /** Pure: the clock is an argument; throws DomainError on a rule violation. */
  decide(state: State, command: Command, now: Date): Event[];
}

export function fold<E extends DomainEvent, S>(decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>, events: E[]): S {
  return events.reduce(decider.evolve, decider.initialState);
}
