import { EventEmitter } from 'node:events';

/** Everything that happens in the emulator, as shown by the dev chat and returned by the history API. */
export type EmulatorEventType =
  | 'message' // a new message (direction in = user → bot, out = bot → chat, service = join/leave notices)
  | 'message_edited'
  | 'message_deleted'
  | 'callback_query'
  | 'callback_answer'
  | 'chat_action'
  | 'reply_keyboard' // the reply keyboard shown in a chat changed
  | 'member_changed' // any status change in a group (joined, left, banned, unbanned, promoted…)
  | 'chat_created'
  | 'chat_updated'
  | 'invite_link_created'
  | 'user_created'
  | 'user_updated'
  | 'commands_changed'
  | 'menu_button_changed'
  | 'web_app_opened'
  | 'web_app_answered'
  | 'inline_query'
  | 'inline_answer'
  | 'inline_result_chosen'
  | 'webhook_changed'
  | 'webhook_error'
  | 'rate_limited'
  | 'api_error' // a Bot API call failed (4xx) — shown to the developer in the dev chat
  | 'update_enqueued'
  | 'update_confirmed'
  | 'reset';

export interface EmulatorEvent {
  seq: number;
  /** Unix time in milliseconds. */
  at: number;
  type: EmulatorEventType;
  chat_id?: number;
  [key: string]: unknown;
}

export type EventInput = { type: EmulatorEventType; chat_id?: number } & Record<string, unknown>;

/** Append-only, capped log of emulator events with a subscription (SSE feeds on it). */
export class EventLog {
  private readonly events: EmulatorEvent[] = [];
  private readonly emitter = new EventEmitter();
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly capacity = 20_000,
  ) {
    this.emitter.setMaxListeners(0);
  }

  emit(input: EventInput): EmulatorEvent {
    const event: EmulatorEvent = { ...input, seq: ++this.seq, at: this.now() };
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
    this.emitter.emit('event', event);
    return event;
  }

  /** Events after `sinceSeq`, optionally limited to one chat. */
  list(filter: { sinceSeq?: number; chatId?: number; types?: EmulatorEventType[] } = {}): EmulatorEvent[] {
    return this.events.filter(
      (e) => e.seq > (filter.sinceSeq ?? 0) && (filter.chatId === undefined || e.chat_id === filter.chatId) && (!filter.types || filter.types.includes(e.type)),
    );
  }

  get lastSeq(): number {
    return this.seq;
  }

  subscribe(listener: (event: EmulatorEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  clear(): void {
    this.events.length = 0;
  }
}
