import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorEvent, EventLog } from '../core/event-log';

/** Server-sent events of the emulator's event log (the dev chat's live feed). Replays from ?since= or Last-Event-ID. */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();

  constructor(
    private readonly events: EventLog,
    private readonly heartbeatMs = 15_000,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  open(req: IncomingMessage, res: ServerResponse, since: number, chatId?: number): void {
    const lastEventId = Number(req.headers['last-event-id']);
    const from = Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : since;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    const send = (event: EmulatorEvent): void => {
      if (chatId !== undefined && event.chat_id !== chatId && event.chat_id !== undefined) return;
      res.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    for (const event of this.events.list({ sinceSeq: from })) send(event);
    const unsubscribe = this.events.subscribe(send);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), this.heartbeatMs);
    heartbeat.unref();
    this.clients.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.clients.delete(res);
    });
  }

  closeAll(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
