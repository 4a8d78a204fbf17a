import type { Context } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Language } from '../i18n';

/** What a step handler works with. */
export interface StepApi<D> {
  ctx: Context;
  lang: Language;
  data: D;
  /** An inline keyboard whose buttons answer the current step (`f:<version>:<value>`; a value is ≤ 40 bytes). */
  choices(rows: { text: string; value: string }[][]): InlineKeyboardMarkup;
  /** Shows a screen: edits the message of the pressed flow button in place, or sends a new message. */
  show(text: string, keyboard?: InlineKeyboardMarkup): Promise<void>;
}

/**
 * The outcome of a step handler. The state is written first (optimistically, from the version read); only then are
 * `say`, `after` and the next step's prompt shown, so a handler retried after a conflict shows nothing twice.
 */
export type Transition<D> =
  /** Go to a step (its prompt is shown). */
  | { to: string; data?: D; say?: string; after?: () => Promise<void> }
  /** Stay on the step (e.g. the answer was not understood: `say` tells why). */
  | { stay: true; data?: D; say?: string; after?: () => Promise<void> }
  /** The flow is over: the state is removed. */
  | { done: true; say?: string; after?: () => Promise<void> }
  /** Not an answer to this step (e.g. free text about something else): the next handler (the fallback) takes it; the flow keeps waiting. */
  | { pass: true };

export interface Step<D> {
  /** Shown when the flow enters the step. */
  prompt(s: StepApi<D>): Promise<void>;
  /** Free text sent while the flow waits on this step. Without it, text goes on to the next handler (the fallback). */
  text?(input: string, s: StepApi<D>): Promise<Transition<D>>;
  /** A button of `s.choices` pressed. */
  choice?(value: string, s: StepApi<D>): Promise<Transition<D>>;
}

/** An explicit state machine: one definition per flow, its steps, and per step its handlers and transitions. */
export interface Flow<D> {
  name: string;
  /** The state expires this long after the last step (an abandoned flow ends by itself). */
  ttlSeconds: number;
  first: string;
  steps: Record<string, Step<D>>;
  /** Data every step can be shown with: the conversation-quality test puts a user on each step with it. */
  example: D;
}

export function defineFlow<D>(flow: Flow<D>): Flow<D> {
  if (!flow.steps[flow.first]) throw new Error(`flow ${flow.name}: no first step "${flow.first}"`);
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(flow.name)) throw new Error(`flow name "${flow.name}" must be 1-64 letters, digits, ".", "_" or "-"`);
  return flow;
}
