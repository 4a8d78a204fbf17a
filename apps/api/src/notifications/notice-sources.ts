import type { NoticeFeature } from '@megabot/contracts';

/**
 * Notices older than this are never handed out: a replay of old history (first deployment, a rebuild of
 * never-delivered rows) must not flood anyone with news about long-closed lots.
 */
export const NOTICE_MAX_AGE_DAYS = 7;

/**
 * Where a feature's notices are and which of them may be sent, as SQL. Each outbox is written by its own feature
 * (the projector); delivery state lives in `notify.deliveries` for all of them. `due` selects the columns
 * (id, feature, kind, employee_id, telegram_user_id, data, created_at) of the notices that may go out now, apart from
 * delivery state; `byId` the (id, feature, recipient_id) of one notice ($1) whatever its state.
 *
 * A new feature with notices adds one entry here and one renderer in the bot.
 */
export interface NoticeSource {
  feature: NoticeFeature;
  due: string;
  byId: string;
}

/** Employees still active with the Telegram account bound to them: who receives employees' notices. */
const BOUND = `JOIN identity.employees e ON e.employee_id = n.recipient_id AND e.status = 'active'
               JOIN identity.telegram_bindings b ON b.telegram_user_id = e.telegram_user_id AND b.employee_id = e.employee_id`;
const RECENT = `n.created_at > now() - make_interval(days => ${NOTICE_MAX_AGE_DAYS})`;

export const NOTICE_SOURCES: readonly NoticeSource[] = [
  {
    // outbid, won, sold, …; muted categories stay back (muting is the recipient's preference, read at claim time)
    feature: 'auction',
    due: `SELECT n.id, 'auction'::text AS feature, n.kind, n.recipient_id AS employee_id, b.telegram_user_id,
                 jsonb_build_object('lotId', n.lot_id, 'category', n.category) || n.data AS data, n.created_at
            FROM auction.notifications n ${BOUND}
           WHERE ${RECENT}
             AND NOT (n.category = ANY (coalesce((SELECT s.muted FROM notify.settings s WHERE s.employee_id = n.recipient_id), '{}')))`,
    byId: `SELECT id, 'auction'::text AS feature, recipient_id FROM auction.notifications WHERE id = $1`,
  },
  {
    // reminders with a check-in button, released bookings, flagged series; a reminder of a booking no longer waiting
    // for its check-in (cancelled, checked in, released) is not sent
    feature: 'rooms',
    due: `SELECT n.id, 'rooms'::text AS feature, n.kind, n.recipient_id AS employee_id, b.telegram_user_id,
                 jsonb_build_object('roomId', n.room_id, 'bookingId', n.booking_id, 'seriesId', n.series_id) || n.data AS data, n.created_at
            FROM rooms_outbox.notifications n ${BOUND}
           WHERE n.expires_at > now() AND ${RECENT}
             AND NOT (n.kind = 'reminder' AND EXISTS (SELECT 1 FROM rooms.bookings bk WHERE bk.booking_id = n.booking_id AND bk.status <> 'booked'))`,
    byId: `SELECT id, 'rooms'::text AS feature, recipient_id FROM rooms_outbox.notifications WHERE id = $1`,
  },
  {
    // to a Telegram account that lost its binding (rebound, unbound by an admin, dismissed): addressed to the account
    feature: 'identity',
    due: `SELECT n.event_id AS id, 'identity'::text AS feature, n.reason AS kind, n.employee_id, n.telegram_user_id,
                 '{}'::jsonb AS data, n.created_at
            FROM identity_ops.telegram_notices n
           WHERE ${RECENT}`,
    byId: `SELECT event_id AS id, 'identity'::text AS feature, employee_id AS recipient_id FROM identity_ops.telegram_notices WHERE event_id = $1`,
  },
];
