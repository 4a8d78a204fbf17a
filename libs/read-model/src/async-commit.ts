/**
 * A select-list (or RETURNING) expression that lets the statement's own transaction commit without waiting for the WAL
 * flush (synchronous_commit off, for that transaction only). For the bot's bookkeeping alone - update claims, handled
 * reports, conversation states -, never for events: a database crash may lose the last fraction of a second of them
 * (up to 3 × wal_writer_delay), which means an update claimed then is handled again if Telegram redelivers it (its
 * commands carry idempotency keys: one effect) or a flow asks its last question again. Measured here: a commit took
 * 3-5 ms with the flush, 0.3-0.5 ms without, and every update makes one to two of them (bench:bot).
 */
export const ASYNC_COMMIT = `set_config('synchronous_commit', 'off', true)`;
