import { comparePositions, START_POSITION, type GlobalPosition } from '@megabot/contracts';
import type { RecordedEvent } from '../event-store.port';
import { SharedLogReads, type SettledRead } from './shared-log-reads';

/** A log in memory whose reads are counted and can be held open (to let callers meet at one read). */
class FakeLog {
  events: RecordedEvent[] = [];
  reads = 0;
  private held: (() => void)[] = [];
  hold = false;

  append(n: number) {
    for (let i = 0; i < n; i++) {
      const p = BigInt(this.events.length + 1);
      this.events.push({
        id: `e${p}`,
        type: 'T',
        data: {},
        metadata: { occurredAt: '', schemaVersion: 1 },
        streamId: 's',
        revision: p - 1n,
        position: { commit: p, prepare: p },
        recordedAt: new Date(),
      });
    }
  }

  read = async (after: GlobalPosition, max: number): Promise<SettledRead> => {
    this.reads++;
    const snapshot = this.events.slice(); // what the database's snapshot holds when the read begins
    if (this.hold) await new Promise<void>((r) => this.held.push(r));
    return { events: snapshot.filter((e) => comparePositions(e.position, after) > 0).slice(0, max), fenced: false };
  };

  release() {
    this.hold = false;
    this.held.splice(0).forEach((r) => r());
  }
}

const ids = (r: SettledRead) => r.events.map((e) => e.id);

describe('SharedLogReads', () => {
  it('answers subscriptions at the same place in the log from one read of the database', async () => {
    const log = new FakeLog();
    log.append(5);
    const shared = new SharedLogReads(log.read);
    const first = await shared.readSettled(START_POSITION, 100);
    expect(ids(first)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    const readsBefore = log.reads;
    // the other subscriptions, behind or at the same place: served from what was read
    expect(ids(await shared.readSettled(START_POSITION, 100))).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(ids(await shared.readSettled(first.events[1].position, 2))).toEqual(['e3', 'e4']);
    expect(log.reads).toBe(readsBefore);
  });

  it('shares one read of new events among the subscriptions waiting at the head', async () => {
    const log = new FakeLog();
    log.append(2);
    const shared = new SharedLogReads(log.read);
    const head = (await shared.readSettled(START_POSITION, 100)).events[1].position;
    log.append(3);
    log.hold = true;
    const readsBefore = log.reads;
    const waiting = [shared.readSettled(head, 100), shared.readSettled(head, 100), shared.readSettled(head, 2)];
    log.release();
    const answers = await Promise.all(waiting);
    expect(answers.map(ids)).toEqual([
      ['e3', 'e4', 'e5'],
      ['e3', 'e4', 'e5'],
      ['e3', 'e4'],
    ]);
    expect(log.reads - readsBefore).toBe(1);
  });

  it('answers "nothing new" only from a read begun after the question (a read begun before may predate the commit)', async () => {
    const log = new FakeLog();
    log.append(1);
    const shared = new SharedLogReads(log.read);
    const head = (await shared.readSettled(START_POSITION, 100)).events[0].position;
    log.hold = true;
    const early = shared.readSettled(head, 100); // a read of the head begins: nothing new yet
    await Promise.resolve();
    log.append(1); // a commit lands while that read is open; its notification wakes the next caller
    const late = shared.readSettled(head, 100);
    log.release();
    expect(ids(await early)).toEqual([]);
    // the late caller joined the open read, found nothing for itself there, and read again
    expect(ids(await late)).toEqual(['e2']);
  });

  it('reads on its own for a subscription before the events it keeps, and keeps only the newest', async () => {
    const log = new FakeLog();
    log.append(30);
    const shared = new SharedLogReads(log.read, 10);
    const all = await shared.readSettled(START_POSITION, 100);
    expect(all.events).toHaveLength(30);
    const readsBefore = log.reads;
    expect(ids(await shared.readSettled(all.events[25].position, 100))).toEqual(['e27', 'e28', 'e29', 'e30']);
    expect(log.reads).toBe(readsBefore);
    expect(ids(await shared.readSettled(all.events[4].position, 3))).toEqual(['e6', 'e7', 'e8']);
    expect(log.reads).toBe(readsBefore + 1);
  });

  it('hands a failed read to every caller waiting on it, and reads again afterwards', async () => {
    let fail = true;
    const log = new FakeLog();
    log.append(1);
    const shared = new SharedLogReads(async (after, max) => {
      if (fail) throw new Error('connection lost');
      return log.read(after, max);
    });
    await expect(Promise.all([shared.readSettled(START_POSITION, 10), shared.readSettled(START_POSITION, 10)])).rejects.toThrow('connection lost');
    fail = false;
    expect(ids(await shared.readSettled(START_POSITION, 10))).toEqual(['e1']);
  });
});
