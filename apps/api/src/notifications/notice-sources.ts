import type { NoticeFeature } from '@megabot/contracts';

/**
 * Notices older than this are never handed out: a replay of old history (first deployment, a rebuild of
 * never-delivered rows) must not flood anyone with news about long-closed lots.
 */
export const NOTICE_MAX_AGE_DAYS = 7;

/**
 * Where a feature's notices are and which of them may be sent, as SQL over the alias `n`. Each outbox is written by
 * its own feature (the projector); the delivery state of all of them is in `notify.deliveries`.
 *
 * A new feature with notices adds one entry here and one renderer in the bot.
 */
export interface NoticeSource {
  feature: NoticeFeature;
  /** The outbox table, aliased `n`. */
  table: string;
  /** What else the columns need (the recipient's binding). */
  join: string;
  /** The notice id (uuid) and the time it was made. */
  id: string;
  createdAt: string;
  /** kind, employee_id, telegram_user_id and data (jsonb) of a notice. */
  columns: string;
  /** Besides its age: when it may go out (bound recipient, not muted, still relevant). */
  sendable: string;
  /** The employee it is about (recorded with its receipt). */
  recipient: string;
}

/** Employees still active with the Telegram account bound to them: who receives employees' notices. */
const BOUND = `JOIN identity.employees e ON e.employee_id = n.recipient_id AND e.status = 'active'
               JOIN identity.telegram_bindings b ON b.telegram_user_id = e.telegram_user_id AND b.employee_id = e.employee_id`;

/** A day `m.date` of a timesheets reminder `n` on which the employee has still logged nothing. */
const STILL_EMPTY = `NOT EXISTS (SELECT 1 FROM timesheets.entries t WHERE t.employee_id = n.recipient_id AND t.date = m.date AND NOT t.deleted)`;

export const NOTICE_SOURCES: readonly NoticeSource[] = [
  {
    // outbid, won, sold, …; muted categories stay back (muting is the recipient's preference, read at claim time)
    feature: 'auction',
    table: 'auction.notifications n',
    join: BOUND,
    id: 'n.id',
    createdAt: 'n.created_at',
    columns: `n.kind, n.recipient_id AS employee_id, b.telegram_user_id, jsonb_build_object('lotId', n.lot_id, 'category', n.category) || n.data AS data`,
    sendable: `NOT (n.category = ANY (coalesce((SELECT s.muted FROM notify.settings s WHERE s.employee_id = n.recipient_id), '{}')))`,
    recipient: 'n.recipient_id',
  },
  {
    // reminders with a check-in button, released bookings, flagged series; a reminder of a booking no longer waiting
    // for its check-in (cancelled, checked in, released) is not sent
    feature: 'rooms',
    table: 'rooms_outbox.notifications n',
    join: BOUND,
    id: 'n.id',
    createdAt: 'n.created_at',
    columns: `n.kind, n.recipient_id AS employee_id, b.telegram_user_id,
              jsonb_build_object('roomId', n.room_id, 'bookingId', n.booking_id, 'seriesId', n.series_id) || n.data AS data`,
    sendable: `n.expires_at > now()
               AND NOT (n.kind = 'reminder' AND EXISTS (SELECT 1 FROM rooms.bookings bk WHERE bk.booking_id = n.booking_id AND bk.status <> 'booked'))`,
    recipient: 'n.recipient_id',
  },
  {
    // to a Telegram account that lost its binding (rebound, unbound by an admin, dismissed): addressed to the account
    feature: 'identity',
    table: 'identity_ops.telegram_notices n',
    join: '',
    id: 'n.event_id',
    createdAt: 'n.created_at',
    columns: `n.reason AS kind, n.employee_id, n.telegram_user_id, '{}'::jsonb AS data`,
    sendable: 'true',
    recipient: 'n.employee_id',
  },
  {
    // a browser waits for the employee's answer in the bot (auth/login): sent only while the sign-in is pending
    feature: 'auth',
    table: 'auth.login_challenges n',
    join: `JOIN identity.employees e ON e.employee_id = n.employee_id AND e.status = 'active'
           JOIN identity.telegram_bindings b ON b.telegram_user_id = e.telegram_user_id AND b.employee_id = e.employee_id`,
    id: 'n.challenge_id::uuid',
    createdAt: 'n.created_at',
    columns: `'login'::text AS kind, n.employee_id, b.telegram_user_id,
              jsonb_build_object('challengeId', n.challenge_id, 'userAgent', n.user_agent, 'expiresAt', n.expires_at) AS data`,
    sendable: `n.status = 'pending' AND n.expires_at > now()`,
    recipient: 'n.employee_id',
  },
  {
    // days without logged time (timesheets-reminders in the projector): sent the day it was made, and only while one
    // of its days is still empty
    feature: 'timesheets',
    table: 'timesheets_outbox.reminders n',
    join: BOUND,
    id: 'n.id',
    createdAt: 'n.created_at',
    columns: `'missing_days'::text AS kind, n.recipient_id AS employee_id, b.telegram_user_id,
              jsonb_build_object('dates', (SELECT coalesce(jsonb_agg(m.date ORDER BY m.date), '[]'::jsonb) FROM unnest(n.missing) AS m(date) WHERE ${STILL_EMPTY})) AS data`,
    sendable: `n.created_at > now() - interval '12 hours' AND EXISTS (SELECT 1 FROM unnest(n.missing) AS m(date) WHERE ${STILL_EMPTY})`,
    recipient: 'n.recipient_id',
  },
  {
    // company announcements, one row per recipient (the projector's announcements manager); muted ones, and those of a
    // withdrawn announcement, stay back for good
    feature: 'company',
    table: 'company_outbox.announcement_notices n',
    join: `${BOUND} JOIN company.announcements a ON a.announcement_id = n.announcement_id`,
    id: 'n.id',
    createdAt: 'n.created_at',
    columns: `'announcement'::text AS kind, n.recipient_id AS employee_id, b.telegram_user_id,
              jsonb_build_object('announcementId', a.announcement_id, 'text', a.text) AS data`,
    sendable: 'NOT n.muted AND a.withdrawn_at IS NULL',
    recipient: 'n.recipient_id',
  },
];

/**
 * The notices of every feature that may go out now, apart from delivery state, among the rows that pass `scope`
 * (a condition on the source's id and creation time): columns id, feature, kind, employee_id, telegram_user_id,
 * data, created_at.
 */
export function sendableNotices(scope: (s: NoticeSource) => string): string {
  return NOTICE_SOURCES.map(
    (s) => `SELECT ${s.id} AS id, '${s.feature}'::text AS feature, ${s.columns}, ${s.createdAt} AS created_at
              FROM ${s.table} ${s.join}
             WHERE ${s.createdAt} > now() - make_interval(days => ${NOTICE_MAX_AGE_DAYS}) AND (${scope(s)}) AND ${s.sendable}`,
  ).join('\nUNION ALL\n');
}

/** One notice ($1) of any feature whatever its state: id, feature, recipient_id. */
export const NOTICE_BY_ID = NOTICE_SOURCES.map(
  (s) => `(SELECT ${s.id} AS id, '${s.feature}'::text AS feature, ${s.recipient} AS recipient_id FROM ${s.table} WHERE ${s.id} = $1)`,
).join(' UNION ALL ');
