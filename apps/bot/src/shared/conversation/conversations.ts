import type { ConversationStateView } from '@megabot/contracts';
import type { Context, MiddlewareFn } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { callbackData } from '../escape';
import { t, type Language } from '../i18n';
import { langOf } from '../language';
import { editInPlace } from '../screen';
import { ConversationConflict, type ConversationStore } from './conversation-store';
import type { Flow, StepApi, Transition } from './flow';
import { messageKey, sessionOf, userKeyOf } from './session';

/** Callback data of flow buttons: `f:<state version mod 10^6>:<value>`; a button of an older version is stale. */
export const FLOW_CALLBACK = /^f:(\d{1,6}):(.{1,40})$/s;
const VERSION_MOD = 1_000_000;
const ATTEMPTS = 3;

/**
 * Runs the flows (explicit state machines) over the user's conversation state kept by the API. Any instance can take
 * the next update of a flow: the state is loaded with the update's claim (or read), the step's handler runs, and the
 * new state is written from the version read. When another update of the same user got there first (409), the state
 * is read again and the input dispatched to the step it is now on.
 */
export class Conversations {
  private readonly flows = new Map<string, Flow<any>>();

  constructor(
    private readonly store: ConversationStore,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  register<D>(flow: Flow<D>): this {
    if (this.flows.has(flow.name)) throw new Error(`flow ${flow.name} registered twice`);
    this.flows.set(flow.name, flow);
    return this;
  }

  /** The user's conversation state in this chat (loaded with the claim when possible). */
  async current(ctx: Context): Promise<ConversationStateView | null> {
    const session = sessionOf(ctx);
    if (session.conversation !== undefined) return session.conversation;
    const key = userKeyOf(ctx);
    session.conversation = key ? await this.store.get('user', key) : null;
    return session.conversation;
  }

  /** The state of the pressed button's message (loaded with the claim when possible); null when there is none. */
  async message(ctx: Context): Promise<ConversationStateView | null> {
    const session = sessionOf(ctx);
    if (session.message !== undefined) return session.message;
    const pressed = ctx.callbackQuery?.message;
    session.message = pressed ? await this.store.get('message', messageKey(pressed.chat.id, pressed.message_id)) : null;
    return session.message;
  }

  /** Starts a flow for the user (replacing any flow in progress) and shows its first step. */
  async start<D>(ctx: Context, flow: Flow<D>, data: D, step = flow.first): Promise<void> {
    const key = userKeyOf(ctx);
    if (!key) throw new Error(`flow ${flow.name} needs a chat and a user`);
    if (!this.flows.has(flow.name)) throw new Error(`flow ${flow.name} is not registered`);
    const state = await this.store.update('user', key, () => ({ flow: flow.name, step, data: data as Record<string, unknown>, ttlSeconds: flow.ttlSeconds }), {
      current: await this.current(ctx),
    });
    sessionOf(ctx).conversation = state;
    await flow.steps[step].prompt(this.api(ctx, flow, state!, false));
  }

  /** Ends the user's flow, if any; true when there was one. */
  async cancel(ctx: Context): Promise<boolean> {
    const key = userKeyOf(ctx);
    const current = await this.current(ctx);
    if (!key || !current) return false;
    await this.store.update('user', key, () => null, { current });
    sessionOf(ctx).conversation = null;
    return true;
  }

  /** Ends the user's flow if it is `flow` (its goal was reached outside the flow, e.g. by a feature's own button). */
  async end(ctx: Context, flow: Flow<any>): Promise<void> {
    if ((await this.current(ctx))?.flow === flow.name) await this.cancel(ctx);
  }

  /** The registered flows (their steps are what the conversation-quality test walks through). */
  definitions(): Flow<any>[] {
    return [...this.flows.values()];
  }

  /** Shows the step the user's flow waits on again, as a new message with its buttons; false when no flow waits. */
  async reshow(ctx: Context): Promise<boolean> {
    const state = await this.current(ctx);
    const flow = state ? this.flows.get(state.flow) : undefined;
    const step = flow?.steps[state!.step];
    if (!state || !flow || !step) return false;
    await step.prompt(this.api(ctx, flow, state, false));
    return true;
  }

  /**
   * Routes flow buttons, free text while a flow waits for it, and /cancel. Put it before the command handlers.
   * Another command ends the flow in progress (the command's own screen is the answer). Free text the waiting step
   * cannot use (no text handler, or the handler passes) goes on to the next handler, as does a flow button whose flow
   * is over (finished, cancelled or timed out): the bot's fallback answers those.
   */
  middleware(): MiddlewareFn<Context> {
    return async (ctx, next) => {
      const data = ctx.callbackQuery && 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
      const m = data === undefined ? null : FLOW_CALLBACK.exec(data);
      // a flow that timed out since the user's last update is told now (the bot keeps no timers); a press of its own
      // buttons is told so in the press's answer (the fallback)
      const timedOut = this.timedOut(ctx);
      if (timedOut && !m && ctx.chat?.type === 'private') await ctx.reply(timedOut);
      if (m) return (await this.dispatch(ctx, { kind: 'choice', value: m[2], version: Number(m[1]) })) ? undefined : next();
      const text = ctx.message && 'text' in ctx.message ? ctx.message.text : undefined;
      if (text === undefined) return next();
      if (/^\/cancel(@\w+)?$/.test(text.trim())) {
        const lang = langOf(ctx);
        await ctx.reply(t(lang, (await this.cancel(ctx)) ? 'flow.cancelled' : 'flow.nothing_to_cancel'));
        return;
      }
      if (text.startsWith('/')) {
        await this.cancel(ctx); // another command: the flow in progress is over
        return next();
      }
      const handled = await this.dispatch(ctx, { kind: 'text', value: text });
      if (!handled) return next();
    };
  }

  /** What to tell the user about their flow that timed out since their last update; undefined when none did. */
  timedOut(ctx: Context): string | undefined {
    const flow = this.flows.get(sessionOf(ctx).timedOut?.flow ?? '');
    return flow && t(langOf(ctx), 'flow.timed_out', { minutes: Math.round(flow.ttlSeconds / 60) });
  }

  /** Runs the input on the step the user's flow waits on; false when it is not the flow's to answer. */
  private async dispatch(ctx: Context, input: { kind: 'text' | 'choice'; value: string; version?: number }): Promise<boolean> {
    const lang = langOf(ctx);
    const key = userKeyOf(ctx)!;
    let state = await this.current(ctx);
    for (let attempt = 1; ; attempt++) {
      const flow = state ? this.flows.get(state.flow) : undefined;
      const step = flow?.steps[state!.step];
      // no flow waits: a pressed button's flow is over (the fallback answers), or - found on a retry - another press of
      // the same button (a double tap) just finished it and showed the result
      if (!state || !flow || !step) return attempt > 1 && input.kind === 'choice';
      if (input.kind === 'choice' && (input.version !== state.version % VERSION_MOD || !step.choice)) {
        // a double tap: another press of this button moved the flow on while this one ran, and shows the new screen
        if (attempt > 1) return true;
        // a button of an earlier question: the question the flow waits on now is shown again, with its buttons
        await ctx.answerCbQuery(t(lang, 'flow.stale_button'));
        await step.prompt(this.api(ctx, flow, state, false));
        return true;
      }
      const handler = input.kind === 'text' ? step.text : step.choice;
      if (!handler) return false; // text on a buttons-only step: not this flow's; the fallback reminds of the question
      if (input.kind === 'choice' && attempt === 1) await ctx.answerCbQuery(); // answered at once: the step may take a while
      const s = this.api(ctx, flow, state, input.kind === 'choice');
      const transition: Transition<unknown> = await handler.call(step, input.value, s);
      if ('pass' in transition) return false;
      try {
        let next: ConversationStateView | null;
        if ('done' in transition) {
          // a press: moved on first, so that a second press of the same button (a double tap) conflicts instead of
          // finishing the flow twice (deleting a state that is already gone is no conflict)
          const version = input.kind === 'choice' ? (await this.store.put('user', key, this.rewrite(flow, state), state.version)).version : state.version;
          await this.store.delete('user', key, version);
          next = null;
        } else {
          const stepName = 'to' in transition ? transition.to : state.step;
          if (!flow.steps[stepName]) throw new Error(`flow ${flow.name}: no step "${stepName}"`);
          next = await this.store.put(
            'user',
            key,
            { flow: flow.name, step: stepName, data: (transition.data ?? state.data) as Record<string, unknown>, ttlSeconds: flow.ttlSeconds },
            state.version,
          );
        }
        sessionOf(ctx).conversation = next;
        if (transition.say) await ctx.reply(transition.say, { parse_mode: 'HTML' });
        await transition.after?.();
        if (next && 'to' in transition) await flow.steps[next.step].prompt(this.api(ctx, flow, next, input.kind === 'choice'));
        return true;
      } catch (e) {
        if (!(e instanceof ConversationConflict) || attempt >= ATTEMPTS) throw e;
        this.log(`conversation ${key} changed under update ${ctx.update.update_id}; dispatching again (attempt ${attempt + 1})`);
        state = await this.store.get('user', key);
        sessionOf(ctx).conversation = state;
      }
    }
  }

  private rewrite(flow: Flow<any>, state: ConversationStateView) {
    return { flow: flow.name, step: state.step, data: state.data, ttlSeconds: flow.ttlSeconds };
  }

  private api<D>(ctx: Context, flow: Flow<D>, state: ConversationStateView, pressed: boolean): StepApi<D> {
    const lang: Language = langOf(ctx);
    const version = state.version % VERSION_MOD;
    let edited = false;
    return {
      ctx,
      lang,
      data: state.data as D,
      choices: (rows) => ({
        inline_keyboard: rows.map((row) => row.map((b) => ({ text: b.text, callback_data: callbackData(`f:${version}:${b.value}`) }))),
      }),
      show: async (text: string, keyboard?: InlineKeyboardMarkup) => {
        // the first screen after a pressed flow button replaces that message; anything more is a new message
        if (pressed && !edited) {
          edited = true;
          await editInPlace(ctx, text, keyboard);
        } else await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard ?? { inline_keyboard: [] } });
      },
    };
  }
}
