import { testDatabases } from '@megabot/testing';
import { Client } from 'pg';
import type { ApiOptions } from './api-options';
import { DatabaseNotifications, type ChannelSubscriber } from './database-notifications';

/** Records what a subscriber hears; `next(kind)` waits for the next such event. */
function recorder() {
  const heard: string[] = [];
  const waiting: { kind: string; resolve: (v: string) => void }[] = [];
  const hear = (entry: string) => {
    heard.push(entry);
    const i = waiting.findIndex((w) => entry.startsWith(w.kind));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(entry);
  };
  const subscriber: ChannelSubscriber = {
    onNotify: (payload) => hear(`notify:${payload}`),
    onListening: () => hear('listening'),
    onDropped: () => hear('dropped'),
  };
  const next = (kind: string) => new Promise<string>((resolve) => waiting.push({ kind, resolve }));
  return { heard, subscriber, next };
}

describe.each(testDatabases())('the API process’s one LISTEN connection ($name)', (db) => {
  let sql: Client;
  let notifications: DatabaseNotifications;
  beforeAll(async () => {
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(() => sql.end());
  beforeEach(() => {
    notifications = new DatabaseNotifications({ databaseUrl: db.url } as ApiOptions);
  });
  afterEach(() => notifications.onModuleDestroy());

  const notify = (channel: string, payload: string) => sql.query('SELECT pg_notify($1, $2)', [channel, payload]);
  const connections = async () =>
    Number(
      (await sql.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'megabot-api-notifications' AND datname = current_database()`))
        .rows[0].n,
    );

  it('given two channels with subscribers, each hears its own notices, over one connection', async () => {
    const a = recorder();
    const b = recorder();
    await notifications.subscribe('megabot_test_a', a.subscriber);
    await notifications.subscribe('megabot_test_b', b.subscriber);
    expect([a.heard, b.heard]).toEqual([['listening'], ['listening']]);
    const heardA = a.next('notify');
    const heardB = b.next('notify');
    await notify('megabot_test_b', 'to b');
    await notify('megabot_test_a', 'to a');
    expect([await heardA, await heardB]).toEqual(['notify:to a', 'notify:to b']);
    expect(await connections()).toBe(1);
  });

  it('when the connection is killed, subscribers hear it dropped, then listening again, and notices flow again', async () => {
    const a = recorder();
    await notifications.subscribe('megabot_test_c', a.subscriber);
    const dropped = a.next('dropped');
    const again = a.next('listening');
    await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'megabot-api-notifications' AND datname = current_database()`,
    );
    await dropped;
    await again;
    const heard = a.next('notify');
    await notify('megabot_test_c', 'after the reconnect');
    expect(await heard).toBe('notify:after the reconnect');
    expect(a.heard).toEqual(['listening', 'dropped', 'listening', 'notify:after the reconnect']);
  });

  it('an unsubscribed subscriber hears nothing more; a bad channel name is refused', async () => {
    const a = recorder();
    const b = recorder();
    const unsubscribe = await notifications.subscribe('megabot_test_d', a.subscriber);
    await notifications.subscribe('megabot_test_d', b.subscriber);
    unsubscribe();
    const heard = b.next('notify');
    await notify('megabot_test_d', 'x');
    await heard;
    expect(a.heard).toEqual(['listening']);
    await expect(notifications.subscribe('drop table; --', a.subscriber)).rejects.toThrow('not a channel name');
  });

  it('with the database away, subscribe resolves unheard (the connection is retried in the background)', async () => {
    const away = new DatabaseNotifications({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' } as ApiOptions);
    const a = recorder();
    await away.subscribe('megabot_test_e', a.subscriber);
    expect(a.heard).toEqual([]);
    await away.onModuleDestroy();
  });
});
