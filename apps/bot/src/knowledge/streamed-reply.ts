/**
 * A message that shows an answer while it is being written: the first text is sent, later texts edit it, never
 * more often than once per `intervalMs` in the chat (Telegram allows about one message a second per chat; the
 * calls go through the bot's own client, so its send queue and shared budget apply as to any other). Texts that
 * arrive while an edit waits replace each other: only the newest is shown. `finish` waits for the pending edit
 * and puts the final form in place at the same pace.
 */
export interface StreamedReplyIo {
  send(text: string): Promise<number>;
  edit(messageId: number, text: string): Promise<void>;
}

export interface StreamedReplyOptions {
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class StreamedReply {
  private messageId: number | undefined;
  private latest = '';
  private shown = '';
  private lastAt = -Infinity;
  private loop: Promise<void> | undefined;
  private failed: unknown;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly io: StreamedReplyIo,
    options: StreamedReplyOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Whether a message has been sent (the final answer then edits it). */
  get started(): boolean {
    return this.messageId !== undefined || this.loop !== undefined;
  }

  update(text: string): void {
    if (!text.trim() || this.failed) return;
    this.latest = text;
    this.loop ??= this.drain().catch((e: unknown) => {
      this.failed = e; // the final answer still goes out as new messages
    });
  }

  /**
   * Waits for what is pending, then shows `text` (with `place`, e.g. a parse mode and keyboard) in the streamed
   * message: the message id, or undefined when nothing was streamed (the caller sends the answer as usual).
   */
  async finish(place: (messageId: number) => Promise<void>): Promise<number | undefined> {
    await this.loop;
    if (this.messageId === undefined || this.failed) return undefined;
    await this.pace();
    await place(this.messageId);
    return this.messageId;
  }

  private async drain(): Promise<void> {
    while (this.latest !== this.shown) {
      await this.pace();
      const text = this.latest;
      if (this.messageId === undefined) this.messageId = await this.io.send(text);
      else await this.io.edit(this.messageId, text);
      this.shown = text;
    }
    this.loop = undefined;
  }

  private async pace(): Promise<void> {
    const wait = this.lastAt + this.intervalMs - this.now();
    if (wait > 0) await this.sleep(wait);
    this.lastAt = this.now();
  }
}
