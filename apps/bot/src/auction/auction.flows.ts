import { randomUUID } from 'node:crypto';
import { LOT_KINDS, type LotKind } from '@megabot/contracts';
import { ApiProblem } from '../shared/api-client';
import { actorOf } from '../shared/actor';
import { defineFlow, type Flow } from '../shared/conversation';
import { html } from '../shared/escape';
import { money } from '../shared/i18n';
import type { AuctionApi } from './auction.api';
import { t, type AuctionMessageKey } from './auction.i18n';
import { problemText } from './auction.problems';
import { parseAmount } from './auction.views';
import { updateKey } from '../shared/update-claims';

/* ------------------------------------------------------------ set a maximum */

export interface SetMaximumData {
  lotId: string;
  title: string;
  minimum: number;
  currency: string;
}

/**
 * "Set maximum": asks for an amount as free text. The state (which lot, the minimum shown) is on the server, so the
 * answer may reach any bot instance. The bid's idempotency key is the update of the answer: a redelivery, or a
 * handler run again after a state conflict, places it once.
 */
export function setMaximumFlow(api: AuctionApi): Flow<SetMaximumData> {
  return defineFlow<SetMaximumData>({
    name: 'auction.max',
    ttlSeconds: 15 * 60,
    first: 'amount',
    example: { lotId: 'example-lot', title: 'Example lot', minimum: 1_000_00, currency: 'RUB' },
    steps: {
      amount: {
        prompt: (s) => s.show(t(s.lang, 'max.prompt', { title: html(s.data.title), price: money(s.lang, s.data.minimum, s.data.currency) })),
        async text(input, s) {
          const amount = parseAmount(input);
          if (amount === null) return { stay: true, say: t(s.lang, 'max.not_amount', { price: money(s.lang, s.data.minimum, s.data.currency) }) };
          try {
            const result = await api.placeBid(s.data.lotId, amount, actorOf(s.ctx).telegramUserId, updateKey(s.ctx));
            const key: AuctionMessageKey = result.leading ? 'max.leading' : 'max.outbid';
            return { done: true, say: t(s.lang, key, { title: html(s.data.title), price: money(s.lang, result.maximum ?? amount, s.data.currency) }) };
          } catch (e) {
            // too low or too high: the user may type another amount; anything else ends the flow with the reason
            if (
              e instanceof ApiProblem &&
              ['auction.bid_too_low', 'auction.amount_too_high', 'auction.invalid_amount', 'auction.rate_limited'].includes(String(e.problem.code))
            ) {
              const minimum = typeof e.problem.minimum === 'number' ? e.problem.minimum : s.data.minimum;
              return { stay: true, data: { ...s.data, minimum }, say: problemText(s.lang, e) };
            }
            if (e instanceof ApiProblem && e.problem.status < 500) return { done: true, say: problemText(s.lang, e) };
            throw e;
          }
        },
      },
    },
  });
}

/* ------------------------------------------------------------- open a lot */

export interface OpenLotData {
  /** Chosen when the wizard starts: a confirmation pressed twice (or retried) opens one lot. */
  lotId: string;
  kind?: LotKind;
  title?: string;
  startingPrice?: number;
  hours?: number;
}

const DURATIONS: { hours: number; key: AuctionMessageKey }[] = [
  { hours: 1, key: 'open.1h' },
  { hours: 24, key: 'open.1d' },
  { hours: 72, key: 'open.3d' },
  { hours: 168, key: 'open.7d' },
];

/** "Open a lot": kind → title → starting price → duration → confirm, then the lot is opened through the API. */
export function openLotFlow(
  api: AuctionApi,
  clock: () => Date,
  showCard: (ctx: Parameters<Flow<OpenLotData>['steps'][string]['prompt']>[0]['ctx'], lotId: string, waitFor: string) => Promise<void>,
): Flow<OpenLotData> {
  return defineFlow<OpenLotData>({
    name: 'auction.open',
    ttlSeconds: 30 * 60,
    first: 'kind',
    example: { lotId: 'tg-example', kind: 'own_lot', title: 'Example lot', startingPrice: 1_000_00, hours: 24 },
    steps: {
      kind: {
        prompt: (s) => s.show(t(s.lang, 'open.kind'), s.choices(LOT_KINDS.map((k) => [{ text: t(s.lang, `kind.${k}` as AuctionMessageKey), value: k }]))),
        async choice(value, s) {
          if (!(LOT_KINDS as readonly string[]).includes(value)) return { stay: true };
          return { to: 'title', data: { ...s.data, kind: value as LotKind } };
        },
      },
      title: {
        prompt: (s) => s.show(t(s.lang, 'open.title')),
        async text(input, s) {
          const title = input.trim();
          if (!title || title.length > 120) return { stay: true, say: t(s.lang, 'open.title_invalid') };
          return { to: 'price', data: { ...s.data, title } };
        },
      },
      price: {
        prompt: (s) => s.show(t(s.lang, 'open.price')),
        async text(input, s) {
          const startingPrice = parseAmount(input);
          if (startingPrice === null) return { stay: true, say: t(s.lang, 'open.price_invalid') };
          return { to: 'duration', data: { ...s.data, startingPrice } };
        },
      },
      duration: {
        prompt: (s) =>
          s.show(
            t(s.lang, 'open.duration'),
            s.choices([DURATIONS.slice(0, 2), DURATIONS.slice(2)].map((row) => row.map((d) => ({ text: t(s.lang, d.key), value: String(d.hours) })))),
          ),
        async choice(value, s) {
          const hours = Number(value);
          if (!DURATIONS.some((d) => d.hours === hours)) return { stay: true };
          return { to: 'confirm', data: { ...s.data, hours } };
        },
        async text(input, s) {
          // "5h", "2d", "2 д", "3 ч": a duration typed instead of pressed
          const m = /^(\d{1,3})\s*(h|ч|d|д)/i.exec(input.trim());
          const hours = m ? Number(m[1]) * (/^[dд]/i.test(m[2]) ? 24 : 1) : 0;
          if (hours < 1 || hours > 24 * 30) return { stay: true, say: t(s.lang, 'open.duration_invalid') };
          return { to: 'confirm', data: { ...s.data, hours } };
        },
      },
      confirm: {
        prompt: (s) =>
          s.show(
            t(s.lang, 'open.confirm', {
              kind: t(s.lang, `kind.${s.data.kind}` as AuctionMessageKey),
              title: html(s.data.title ?? ''),
              price: money(s.lang, s.data.startingPrice ?? 0),
              hours: s.data.hours ?? 0,
            }),
            s.choices([
              [
                { text: t(s.lang, 'button.yes_open'), value: 'yes' },
                { text: t(s.lang, 'button.no'), value: 'no' },
              ],
            ]),
          ),
        async choice(value, s) {
          if (value !== 'yes') return { done: true, say: t(s.lang, 'open.cancelled') };
          const { lotId, kind, title, startingPrice, hours } = s.data;
          try {
            const result = await api.openLot(
              { lotId, kind: kind!, title: title!, startingPrice: startingPrice!, closesAt: new Date(clock().getTime() + hours! * 3_600_000).toISOString() },
              actorOf(s.ctx).telegramUserId,
              `tg-open-${lotId}`,
            );
            return { done: true, say: t(s.lang, 'open.done', { title: html(title!) }), after: () => showCard(s.ctx, lotId, result.position) };
          } catch (e) {
            if (e instanceof ApiProblem && e.problem.code === 'auction.admin_required') return { to: 'kind', say: problemText(s.lang, e) };
            if (e instanceof ApiProblem && e.problem.status < 500) return { done: true, say: problemText(s.lang, e) };
            throw e;
          }
        },
      },
    },
  });
}

export const newLotId = () => `tg-${randomUUID()}`;
