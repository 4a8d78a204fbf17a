import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { startEmulator } from '../../apps/telegram-emulator/src';
import { FUZZ_ADMIN } from '../../tools/testing/fuzz-fixture';
import { startBotMain } from '../lib/bots';
import { startApi, startProjector, stop } from '../lib/processes';
import { WebhookBalancer } from '../lib/webhook';
import type { ProbeContext, ProbeFigures } from './probe';

const BIDDERS = Number(process.env.RELIABILITY_TWO_BIDDERS ?? 12);
const LOTS = Number(process.env.RELIABILITY_TWO_LOTS ?? 6);
/** The bid storm runs until the lots close, this long after they open. */
const STORM_MS = Number(process.env.RELIABILITY_TWO_STORM_S ?? 10) * 1000;
/** Employees dismissed while the load runs, each a member of the bot's work chats. */
const LEAVERS = 3;
const PRICE = 1000;
const INCREMENT = 100;
const SECRET = 'reliability_two';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two of everything: a second API and a second projector next to the suite's, and two production bot processes
 * (notification delivery) behind one webhook balancer, under the same load — bidders on lots that close while they
 * bid, sending each bid to one API and every fourth one, with the same idempotency key, to the other as well (a
 * client retrying elsewhere). Then, from the log and the emulator's chats: every acknowledged bid in the log once
 * (none lost, none twice, none that nobody acknowledged), every lot closed once (both projectors run the closing
 * process manager), every acknowledged booking in the log once and no two bookings of a room overlapping (people
 * collide on half-hour slots), every notice confirmed delivered in its recipient's chat once, every employee
 * dismissed meanwhile removed from each work chat once (by one of the two bots' offboarding executors).
 */
export async function twoOfEverythingProbe(ctx: ProbeContext): Promise<ProbeFigures> {
  const own: ChildProcess[] = [];
  const emu = await startEmulator({ port: 0, rateLimits: { enabled: false } });
  const balancer = new WebhookBalancer(SECRET);
  try {
    startProjector(ctx.dist, ctx.env, own);
    const api2 = await startApi(ctx.dist, ctx.env, own);
    const apis = [ctx.apiUrl, api2.url];
    const people = Array.from({ length: BIDDERS + 1 + LEAVERS }, (_, i) => ({ employeeId: `two-${i}`, telegramUserId: 850_000_001 + i }));
    const [seller, ...rest] = people;
    const bidders = rest.slice(0, BIDDERS);
    const leavers = rest.slice(BIDDERS);
    emu.control.createUsers(
      people.map((p) => ({ id: p.telegramUserId, first_name: p.employeeId, language_code: 'en', started: true })),
      { seeded: true },
    );
    await ctx.actors.hire(ctx.store, ctx.apiUrl, people);
    const hook = await balancer.listen();
    for (let i = 0; i < 2; i++) {
      const bot = await startBotMain({ dist: ctx.dist, emu, apiUrl: apis[i], apiToken: ctx.actors.botToken, secret: SECRET, webhookUrl: hook, children: own });
      balancer.targets.push(bot.hookUrl);
    }

    // work chats the bot administers (the seller's), with the leavers and a few bidders in them
    const groups = Array.from({ length: 2 }, (_, g) =>
      emu.control.createGroup({
        title: `Two team ${g}`,
        creatorId: seller.telegramUserId,
        memberIds: [...leavers, ...bidders.slice(0, 3)].map((p) => p.telegramUserId),
        botAdmin: true,
      }),
    );
    const groupIds = groups.map((g) => g.id);
    const recorded = async () =>
      (await ctx.store.pool.query(`SELECT count(*)::int AS n FROM identity.chats WHERE chat_id = ANY($1) AND can_restrict`, [groupIds])).rows[0].n as number;
    for (let i = 0; i < 300 && (await recorded()) < groups.length; i++) await sleep(100);

    const closesAt = Date.now() + STORM_MS;
    const lots = Array.from({ length: LOTS }, (_, i) => `two-${Date.now().toString(36)}-${i}`);
    for (const [i, lotId] of lots.entries()) {
      const res = await fetch(`${apis[i % 2]}/auctions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ctx.actors.as(seller.employeeId) },
        body: JSON.stringify({
          lotId,
          kind: 'own_lot',
          title: `Two ${i}`,
          startingPrice: PRICE,
          minIncrement: INCREMENT,
          closesAt: new Date(closesAt).toISOString(),
          rules: { softClose: { maxExtensions: 0 } }, // closes when due: bids up to the end do not extend it
        }),
      });
      if (res.status !== 201) throw new Error(`opening ${lotId}: ${res.status} ${await res.text()}`);
    }

    // rooms booked meanwhile: the same half-hour slots tried by several people, through both APIs
    await ctx.actors.hire(ctx.store, ctx.apiUrl, [FUZZ_ADMIN]);
    const rooms = ['two-room-0', 'two-room-1'];
    const admin = { 'content-type': 'application/json', ...ctx.actors.as(FUZZ_ADMIN) };
    const setUp = async (path: string, body: unknown) => {
      const res = await fetch(`${ctx.apiUrl}${path}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    };
    await setUp('/rooms/offices', { officeId: 'two-office', name: 'Two office', timeZone: 'Europe/Moscow' });
    for (const roomId of rooms) await setUp('/rooms/offices/two-office/rooms', { roomId, name: roomId, floor: 1, capacity: 6 });
    let day = Date.now() + 2 * 86_400_000;
    while ([0, 6].includes(new Date(day).getUTCDay())) day += 86_400_000;
    const date = new Date(day).toISOString().slice(0, 10);

    // 1. the bid storm (and bookings), until the lots close
    const acks = new Set<string>();
    const figures = { sent: 0, retriedElsewhere: 0, byStatus: {} as Record<string, number>, serverErrors: 0, noAnswer: 0, disagreeing: 0 };
    const minimum = new Map(lots.map((l) => [l, PRICE]));
    const bid = async (api: string, bidder: (typeof bidders)[number], lotId: string, amount: number, key: string) => {
      const res = await fetch(`${api}/auctions/${lotId}/bids`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...ctx.actors.as(bidder.employeeId) },
        body: JSON.stringify({ amount }),
      }).catch(() => undefined);
      const status = res?.status ?? 0;
      const body = ((await res?.json().catch(() => ({}))) ?? {}) as { minimum?: number };
      figures.byStatus[status] = (figures.byStatus[status] ?? 0) + 1;
      if (status === 0) figures.noAnswer++;
      if (status >= 500) figures.serverErrors++;
      if (status === 201 || status === 200) acks.add(`tg${bidder.telegramUserId}/${key}`);
      if (typeof body.minimum === 'number' && body.minimum > minimum.get(lotId)!) minimum.set(lotId, body.minimum);
      return status;
    };
    const booked = new Map<string, number>(); // acknowledged booking id -> answers that named it
    const bookingFigures = { sent: 0, byStatus: {} as Record<string, number>, serverErrors: 0, noAnswer: 0 };
    const book = async (api: string, bidder: (typeof bidders)[number], roomId: string, slot: number, key: string) => {
      const hh = (m: number) => `${String(8 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const res = await fetch(`${api}/rooms/${roomId}/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...ctx.actors.as(bidder.employeeId) },
        body: JSON.stringify({ title: `Two ${bidder.employeeId}`, start: `${date}T${hh(slot * 30)}:00+03:00`, end: `${date}T${hh(slot * 30 + 30)}:00+03:00` }),
      }).catch(() => undefined);
      const status = res?.status ?? 0;
      const body = ((await res?.json().catch(() => ({}))) ?? {}) as { bookingId?: string };
      bookingFigures.byStatus[status] = (bookingFigures.byStatus[status] ?? 0) + 1;
      if (status === 0) bookingFigures.noAnswer++;
      if (status >= 500) bookingFigures.serverErrors++;
      if ((status === 201 || status === 200) && body.bookingId) booked.set(body.bookingId, (booked.get(body.bookingId) ?? 0) + 1);
    };
    // the leavers dismissed mid-storm, through either API
    const dismissals = sleep(STORM_MS / 2).then(() =>
      Promise.all(
        leavers.map((p, i) =>
          fetch(`${apis[i % 2]}/identity/employees/${p.employeeId}/dismiss`, {
            method: 'POST',
            headers: { ...admin, 'idempotency-key': `two-dismiss-${p.employeeId}` },
            body: JSON.stringify({ reason: 'left the company' }),
          }).then(async (r) => {
            if (r.status !== 201) throw new Error(`dismissing ${p.employeeId}: ${r.status} ${await r.text()}`);
          }),
        ),
      ),
    );
    const booking = Promise.all(
      bidders.map(async (bidder, b) => {
        for (let n = 0; Date.now() < closesAt; n++) {
          const roomId = rooms[(b + n) % rooms.length];
          const slot = (b * 5 + n * 3) % 16; // 8:00-16:00: people collide on slots
          const key = randomUUID();
          bookingFigures.sent++;
          if (n % 4 === 3) await Promise.all([book(apis[0], bidder, roomId, slot, key), book(apis[1], bidder, roomId, slot, key)]);
          else await book(apis[(b + n) % 2], bidder, roomId, slot, key);
        }
      }),
    );
    await Promise.all(
      bidders.map(async (bidder, b) => {
        for (let n = 0; Date.now() < closesAt + 500; n++) {
          const lotId = lots[(b + n) % lots.length];
          const amount = minimum.get(lotId)! + INCREMENT * (b % 3);
          const key = randomUUID();
          figures.sent++;
          if (n % 4 === 3) {
            figures.retriedElsewhere++;
            const [a, c] = await Promise.all([bid(apis[0], bidder, lotId, amount, key), bid(apis[1], bidder, lotId, amount, key)]);
            if ((a === 201 || a === 200) !== (c === 201 || c === 200)) figures.disagreeing++;
          } else await bid(apis[(b + n) % 2], bidder, lotId, amount, key);
          if (amount >= minimum.get(lotId)!) minimum.set(lotId, amount + INCREMENT);
        }
      }),
    );

    await booking;
    await dismissals;

    // 2. every lot closed (by one of the two closing managers), then the notices settled
    const q = <T>(sql: string, params: unknown[]) => ctx.store.pool.query(sql, params).then((r) => r.rows as T[]);
    const closes = async () =>
      q<{ lot: string; n: number }>(
        `SELECT data->>'lotId' AS lot, count(*)::int AS n FROM ${ctx.store.schema}.events WHERE type = 'LotClosed' AND data->>'lotId' = ANY($1) GROUP BY 1`,
        [lots],
      );
    for (let i = 0; i < 600 && (await closes()).length < lots.length; i++) await sleep(100);
    const recipients = people.map((p) => p.employeeId);
    const unsettled = async () =>
      (
        await q<{ n: number }>(
          `SELECT ((SELECT count(*) FROM auction.notifications n LEFT JOIN notify.deliveries d ON d.notification_id = n.id
                   WHERE n.recipient_id = ANY($1) AND d.outcome IS NULL)
                + (SELECT count(*) FROM identity_ops.telegram_notices t LEFT JOIN notify.deliveries d ON d.notification_id = t.event_id
                   WHERE t.employee_id = ANY($1) AND d.outcome IS NULL))::int AS n`,
          [recipients],
        )
      )[0].n;
    const removed = () =>
      leavers.every((p) => groups.every((g) => emu.control.getChat(g.id).members.find((m) => m.user.id === p.telegramUserId)?.status === 'left'));
    for (let i = 0; i < 600 && !removed(); i++) await sleep(100);
    for (let i = 0; i < 600 && (await unsettled()) > 0; i++) await sleep(100);
    await sleep(1500); // a second delivery of a notice would show by now

    // 3. the effects
    // every accepted bid is one maximum (a MaximumSet, or the BidPlaced carrying it) whose command id is the key scoped to the account (tg<id>/<key>)
    const placed = await q<{ command: string; n: number }>(
      `SELECT metadata->>'commandId' AS command, count(*)::int AS n FROM ${ctx.store.schema}.events WHERE (type = 'MaximumSet' OR (type = 'BidPlaced' AND data->'submitted' IS NOT NULL)) AND data->>'lotId' = ANY($1) GROUP BY 1`,
      [lots],
    );
    const inLog = new Map(placed.map((r) => [r.command, r.n]));
    const acked = new Set(acks.keys());
    const closed = await closes();
    const delivered = await q<{ recipient: string; n: number }>(
      // every feature's notices (bids, closes, dismissals) share one delivery state
      `SELECT recipient_id AS recipient, count(*)::int AS n FROM notify.deliveries WHERE recipient_id = ANY($1) AND outcome = 'delivered' GROUP BY 1`,
      [recipients],
    );
    const confirmed = new Map(delivered.map((r) => [r.recipient, r.n]));
    const inChats = new Map(people.map((p) => [p.employeeId, emu.control.messages(p.telegramUserId, { direction: 'out' }).length]));
    const notices = {
      confirmedDelivered: delivered.reduce((n, r) => n + r.n, 0),
      messagesInChats: [...inChats.values()].reduce((a, b) => a + b, 0),
      unsettled: await unsettled(),
      lost: recipients.reduce((n, r) => n + Math.max(0, (confirmed.get(r) ?? 0) - inChats.get(r)!), 0),
      duplicated: recipients.reduce((n, r) => n + Math.max(0, inChats.get(r)! - (confirmed.get(r) ?? 0)), 0),
    };
    const bids = {
      ...figures,
      acknowledged: acks.size,
      inLog: placed.reduce((n, r) => n + r.n, 0),
      lost: [...acked].filter((k) => !inLog.has(k)).length,
      duplicated: placed.filter((r) => r.n > 1).length,
      notAcknowledged: placed.filter((r) => !acked.has(r.command)).length,
    };
    const roomBooked = await q<{ booking: string; room: string; start: string; end: string; n: number }>(
      `SELECT data->>'bookingId' AS booking, data->>'roomId' AS room, min(data->>'start') AS start, min(data->>'end') AS end, count(*)::int AS n
       FROM ${ctx.store.schema}.events WHERE type = 'RoomBooked' AND data->>'roomId' = ANY($1) GROUP BY 1, 2`,
      [rooms],
    );
    const overlapping = rooms.reduce((n, room) => {
      const spans = roomBooked
        .filter((r) => r.room === room)
        .map((r) => [Date.parse(r.start), Date.parse(r.end)])
        .sort((x, y) => x[0] - y[0]);
      return n + spans.filter((span, i) => i > 0 && span[0] < spans[i - 1][1]).length;
    }, 0);
    const bookedInLog = new Map(roomBooked.map((r) => [r.booking, r.n]));
    const bookings = {
      ...bookingFigures,
      acknowledged: booked.size,
      inLog: roomBooked.length,
      lost: [...booked.keys()].filter((id) => !bookedInLog.has(id)).length,
      duplicated: roomBooked.filter((r) => r.n > 1).length,
      notAcknowledged: roomBooked.filter((r) => !booked.has(r.booking)).length,
      overlapping,
    };
    // one removal (a ban, then an unban so that a rehire may rejoin) per leaver and work chat
    const bans = emu.control.events().filter((e) => e.type === 'member_changed' && e.action === 'banned' && groupIds.includes(Number(e.chat_id)));
    const bansOf = (p: (typeof leavers)[number], chatId: number) =>
      bans.filter((e) => Number(e.chat_id) === chatId && (e.user as { id: number }).id === p.telegramUserId).length;
    const pairs = leavers.flatMap((p) => groupIds.map((chatId) => bansOf(p, chatId)));
    const offboarding = {
      dismissed: leavers.length,
      workChats: groups.length,
      removals: pairs.length,
      lost: pairs.filter((n) => n === 0).length,
      duplicated: pairs.filter((n) => n > 1).length,
      otherMembersRemoved: bans.filter((e) => !leavers.some((p) => p.telegramUserId === (e.user as { id: number }).id)).length,
    };
    const lotCloses = {
      lots: lots.length,
      closed: closed.length,
      closedTwice: closed.filter((r) => r.n > 1).length,
      stillOpen: await q(`SELECT lot_id, status, closes_at FROM auction.lots WHERE lot_id = ANY($1) AND status = 'open'`, [lots]),
    };
    const crashed = own.some((c) => c.exitCode !== null || c.signalCode !== null);
    return {
      sent: bids.sent + bookings.sent,
      acknowledged: bids.acknowledged + bookings.acknowledged,
      lost: bids.lost + (lots.length - closed.length) + notices.lost + bookings.lost + offboarding.lost,
      duplicated:
        bids.duplicated +
        bids.notAcknowledged +
        lotCloses.closedTwice +
        notices.duplicated +
        bookings.duplicated +
        bookings.notAcknowledged +
        bookings.overlapping +
        offboarding.duplicated +
        offboarding.otherMembersRemoved,
      serverErrors: bids.serverErrors + bookings.serverErrors,
      noAnswer: bids.noAnswer + bookings.noAnswer,
      crashed,
      processes: { api: 2, projector: 2, bot: 2 },
      bids,
      lotCloses,
      bookings,
      notices,
      offboarding,
    };
  } finally {
    await Promise.all(own.map((c) => stop(c)));
    await balancer.close();
    await emu.stop();
  }
}
