import type { ResolvedOptions } from '../options';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { Update, User } from '../types';
import { UpdateQueue } from '../updates/update-queue';
import { WebhookDeliverer, type WebhookReplyHandler } from '../updates/webhook-deliverer';
import { InitDataSigner } from '../webapp/init-data';
import { unixTime } from './clock';
import { EventLog } from './event-log';
import { Store } from './store';

/** Runtime settings that the control API may change. */
export interface EmulatorSettings {
  privacyMode: boolean;
  callbackQueryTtlMs: number;
}

/** The whole emulated world: state, event log, update queue, webhook, limits, signer. */
export class EmulatorContext {
  readonly store: Store;
  readonly events: EventLog;
  readonly queue: UpdateQueue;
  readonly webhook: WebhookDeliverer;
  readonly limiter: RateLimiter;
  readonly signer: InitDataSigner;
  readonly bot: User;
  readonly settings: EmulatorSettings;
  /** http://host:port of the running server (set after listen). */
  baseUrl = '';
  private replyHandler: WebhookReplyHandler = async () => undefined;

  constructor(readonly options: ResolvedOptions) {
    const now = (): number => options.clock.now();
    this.bot = {
      id: options.botId,
      is_bot: true,
      first_name: options.botName,
      username: options.botUsername,
    };
    this.store = new Store(this.bot);
    this.events = new EventLog(now);
    this.queue = new UpdateQueue(now, options.firstUpdateId);
    this.limiter = new RateLimiter(options.clock, options.rateLimits);
    this.signer = new InitDataSigner(options.token, options.botId, options.webAppSigningKeyPem);
    this.settings = { privacyMode: options.privacyMode, callbackQueryTtlMs: options.callbackQueryTtlMs };
    this.webhook = new WebhookDeliverer(
      this.queue,
      {
        retryBaseMs: options.webhookRetryBaseMs,
        retryMaxMs: options.webhookRetryMaxMs,
        timeoutMs: options.webhookTimeoutMs,
        plainHttp: options.webhookPlainHttp,
        now,
      },
      this.events,
      (body, contentType) => this.replyHandler(body, contentType),
    );
  }

  /** Set by the API layer: executes a Bot API call returned in a webhook response. */
  setWebhookReplyHandler(handler: WebhookReplyHandler): void {
    this.replyHandler = handler;
  }

  now(): number {
    return this.options.clock.now();
  }

  unixNow(): number {
    return unixTime(this.now());
  }

  /** The bot as getMe returns it. */
  botInfo(): User {
    return {
      ...this.bot,
      can_join_groups: true,
      can_read_all_group_messages: !this.settings.privacyMode,
      supports_inline_queries: true,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  /** Queues an update for the bot (dropped if allowed_updates excludes its type) and logs it. */
  enqueueUpdate(payload: Omit<Update, 'update_id'>, chatId?: number): Update | null {
    const update = this.queue.enqueue(payload);
    const type = Object.keys(payload)[0];
    this.events.emit({
      type: 'update_enqueued',
      chat_id: chatId,
      update_type: type,
      update_id: update?.update_id ?? null,
      filtered: update === null,
    });
    return update;
  }
}
