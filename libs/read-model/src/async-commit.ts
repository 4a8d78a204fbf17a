/**
 * A select-list (or RETURNING) expression that lets the statement's own transaction commit without waiting for the WAL
 * flush (synchronous_commit off, for that transaction only). Never for events: a database crash may lose the last
 * fraction of a second of such commits (up to 3 × wal_writer_delay), so only for what is rebuilt or repeated safely:
 * - the bot's bookkeeping (update claims, handled reports, conversation states): an update claimed then is handled
 *   again if Telegram redelivers it (its commands carry idempotency keys: one effect) or a flow asks its last question
 *   again. Measured here: a commit took 3-5 ms with the flush, 0.3-0.5 ms without (bench:bot);
 * - a projection's batch: its rows and its checkpoint are lost together and the batch is projected again from the
 *   log (notices get the same ids, so one already delivered is not sent twice). Not for reactors whose effects leave
 *   the database (the code mail). On a hot lot every batch of bids waited for that flush before the next one.
 */
export const ASYNC_COMMIT = `set_config('synchronous_commit', 'off', true)`;
