interface Waiting<R, A> {
  request: R;
  resolve: (a: A) => void;
  reject: (e: Error) => void;
}

/**
 * Group commit: while a write is in flight, new requests wait and then go out
 * together in one `write` (one statement, one commit). Idle, a request goes
 * out at once; busy, groups grow by themselves, so many requests at once cost
 * few round trips. `write` answers each request of the group in order, an
 * Error for one that failed alone; a throw fails the whole group. Used for the
 * event store's appends to different streams and the bot's update claims.
 */
export class GroupCommit<R, A> {
  private readonly waiting: Waiting<R, A>[] = [];
  private inFlight = 0;

  constructor(
    private readonly write: (group: R[]) => Promise<(A | Error)[]>,
    private readonly maxConcurrentWrites = 2,
    private readonly maxRequestsPerWrite = 200,
  ) {}

  submit(request: R): Promise<A> {
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
        let results: (A | Error)[];
        try {
          results = await this.write(group.map((w) => w.request));
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
