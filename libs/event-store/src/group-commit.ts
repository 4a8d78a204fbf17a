import type { AppendRequest, AppendResult, EventStore } from './event-store.port';

interface Waiting {
  request: AppendRequest;
  resolve: (r: AppendResult) => void;
  reject: (e: Error) => void;
}

/**
 * Group commit for appends to different streams: while a write is in flight,
 * new appends wait and then go out together in one `appendMany` (one
 * statement, one commit). Idle, an append goes out at once; busy, batches
 * grow by themselves, so many lots at once cost few round trips.
 */
export class GroupCommitter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly store: EventStore,
    private readonly maxConcurrentWrites = 2,
    private readonly maxRequestsPerWrite = 200,
  ) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (this.inFlight < this.maxConcurrentWrites) void this.flush();
    });
  }

  private async flush() {
    this.inFlight++;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxRequestsPerWrite);
        let results: (AppendResult | Error)[];
        try {
          results =
            group.length === 1
              ? [await this.store.append(group[0].request.streamId, group[0].request.events, group[0].request.expected)]
              : await this.store.appendMany(group.map((w) => w.request));
        } catch (e) {
          results = group.map(() => e as Error);
        }
        group.forEach((w, i) => {
          const r = results[i];
          if (r instanceof Error) w.reject(r);
          else w.resolve(r);
        });
      }
    } finally {
      this.inFlight--;
    }
  }
}
