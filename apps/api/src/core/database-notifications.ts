import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { API_OPTIONS, type ApiOptions } from './api-options';

/** What a feature does with a NOTIFY channel. */
export interface ChannelSubscriber {
  /** A notification's payload ('' when it had none). */
  onNotify(payload: string): void;
  /** The channel is listened to (at start and after every reconnect): notices sent before may have been missed. */
  onListening?(): void;
  /** The connection dropped: notices are missed until `onListening`. */
  onDropped?(): void;
}

const RECONNECT_MS = 1000;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The API process's one LISTEN connection: the in-process caches and read-your-writes waiters of every feature hear
 * the projector's NOTIFY channels through it, rather than each holding a connection of its own. A dropped connection
 * (a database restart, a failover) is reopened every second until it is back; subscribers hear when notices may have
 * been missed and catch up from the database themselves.
 */
@Injectable()
export class DatabaseNotifications implements OnModuleDestroy {
  private readonly logger = new Logger('DatabaseNotifications');
  private readonly channels = new Map<string, Set<ChannelSubscriber>>();
  /** The connection, once it listens; `listened` says to which channels. */
  private client?: Client;
  private readonly listened = new Set<string>();
  private opening?: Promise<void>;
  private reconnect?: NodeJS.Timeout;
  private closed = false;

  constructor(@Inject(API_OPTIONS) private readonly options: ApiOptions) {}

  /**
   * Listens to `channel` for `subscriber`; resolves once the channel is listened to or, with the database away, once the
   * first attempt failed (reconnection goes on in the background and ends in `onListening`). Returns the unsubscribe.
   */
  async subscribe(channel: string, subscriber: ChannelSubscriber): Promise<() => void> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: "${channel}"`);
    let subscribers = this.channels.get(channel);
    if (!subscribers) this.channels.set(channel, (subscribers = new Set()));
    subscribers.add(subscriber);
    const unsubscribe = () => void subscribers.delete(subscriber);
    if (this.client && this.listened.has(channel)) {
      subscriber.onListening?.();
      return unsubscribe;
    }
    await this.open().catch((e: unknown) => this.dropped(undefined, e)); // a connection that listens to it tells the subscriber
    const client = this.client;
    if (client && !this.listened.has(channel)) {
      const listening = await client.query(`LISTEN ${channel}`).then(
        () => true,
        (e: unknown) => this.dropped(client, e),
      );
      if (listening && client === this.client) {
        this.listened.add(channel);
        subscriber.onListening?.();
      }
    }
    return unsubscribe;
  }

  async onModuleDestroy() {
    this.closed = true;
    clearTimeout(this.reconnect);
    await this.opening?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
  }

  private open(): Promise<void> {
    if (this.closed || this.client) return Promise.resolve();
    this.opening ??= this.connect().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: 'megabot-api-notifications' });
    // Heard from the start: a server shutting down can end the connection at any moment, and an unheard 'error' ends the process.
    client.on('error', (e) => this.dropped(client, e));
    client.on('end', () => this.dropped(client));
    client.on('notification', (n) => {
      for (const s of this.channels.get(n.channel) ?? []) s.onNotify(n.payload ?? '');
    });
    const channels = [...this.channels.keys()];
    try {
      await client.connect();
      for (const channel of channels) await client.query(`LISTEN ${channel}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.closed) return void (await client.end().catch(() => undefined));
    this.client = client;
    for (const channel of channels) this.listened.add(channel);
    for (const channel of channels) for (const s of this.channels.get(channel) ?? []) s.onListening?.();
  }

  /** The connection (or an attempt at one) failed: subscribers are told, and it is tried again in a second. */
  private dropped(client: Client | undefined, error?: unknown) {
    if (client && client === this.client) {
      this.client = undefined;
      this.listened.clear();
      for (const subscribers of this.channels.values()) for (const s of subscribers) s.onDropped?.();
      client.end().catch(() => undefined);
    } else if (client) return; // an attempt that failed: its own connect() reports it
    if (this.closed || this.reconnect) return;
    if (error) this.logger.warn(`LISTEN connection: ${(error as Error).message ?? String(error)}; reconnecting every ${RECONNECT_MS / 1000} s`);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      this.open().catch((e: unknown) => this.dropped(undefined, e));
    }, RECONNECT_MS);
    this.reconnect.unref();
  }
}
