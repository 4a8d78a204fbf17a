import { evaluateFeatureSwitch, type FeatureSwitchView } from '@megabot/contracts';
import type { Context } from 'telegraf';
import type { BotActor } from './actor';
import type { BotStateApi } from './bot-state.api';

/** How long a bot instance uses the switches it read before reading them again. */
export const FEATURE_SWITCH_TTL_MS = 5_000;

/**
 * Feature switches, evaluated for every update against a copy read from the API at most every `ttlMs`.
 *
 * Why a short TTL and not invalidation: the instances are stateless and anonymous behind the webhook balancer (the
 * API cannot address them), the list is tiny (one request per instance per TTL, whatever the update rate), and a
 * switch taking effect within a few seconds is what an admin expects. A stale copy is served while one refresh runs
 * in the background (updates never wait, except for the very first read); if the API is unreachable the last copy
 * stays in use (logged), and with none at all every switch is off (a hidden flow stays hidden).
 */
export class FeatureSwitchCache {
  private switches = new Map<string, FeatureSwitchView>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;
  private everLoaded = false;

  constructor(
    private readonly api: Pick<BotStateApi, 'featureSwitches'>,
    private readonly options: { ttlMs?: number; appVersion?: string; now?: () => number; log?: (line: string) => void } = {},
  ) {}

  /** Whether `name` is on for the acting employee of this update. */
  async isOn(ctx: Context, name: string): Promise<boolean> {
    const actor = ctx.state.actor as BotActor | undefined;
    return this.isOnFor(name, { employeeId: actor?.employeeId, roles: actor?.roles });
  }

  async isOnFor(name: string, who: { employeeId?: string; roles?: readonly string[] }): Promise<boolean> {
    await this.fresh();
    return evaluateFeatureSwitch(this.switches.get(name), { ...who, appVersion: this.options.appVersion });
  }

  private async fresh(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.loadedAt < (this.options.ttlMs ?? FEATURE_SWITCH_TTL_MS)) return;
    this.loading ??= this.api
      .featureSwitches()
      .then(
        ({ items }) => {
          this.switches = new Map(items.map((s) => [s.name, s]));
          this.everLoaded = true;
        },
        (e: unknown) =>
          this.options.log?.(`feature switches not refreshed (${e instanceof Error ? e.message : e}); ${this.everLoaded ? 'using the last copy' : 'all off'}`),
      )
      .finally(() => {
        this.loadedAt = (this.options.now ?? Date.now)();
        this.loading = null;
      });
    // the first read waits, later ones refresh in the background (a TTL of 0 means: always read, and wait)
    if (!this.everLoaded || (this.options.ttlMs ?? FEATURE_SWITCH_TTL_MS) === 0) await this.loading;
  }
}
