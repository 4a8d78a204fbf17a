import { AUDIT_CSV_COLUMNS, type AuditEventView } from '@megabot/contracts';

/**
 * Export encodings of audit rows. CSV follows RFC 4180 (every field quoted
 * when it holds a comma, quote or line break; quotes doubled; CRLF rows);
 * the event's data is one JSON column. JSON is an array streamed element by
 * element, so a large period never sits in memory.
 */
export function csvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(v: AuditEventView): string {
  const a = v.after;
  const row: Record<(typeof AUDIT_CSV_COLUMNS)[number], unknown> = {
    position: v.position,
    lotId: v.lotId,
    revision: v.revision,
    eventId: v.eventId,
    type: v.type,
    schemaVersion: v.schemaVersion,
    upcast: v.upcast,
    occurredAt: v.occurredAt,
    recordedAt: v.recordedAt,
    actorId: v.actorId,
    commandId: v.commandId,
    correlationId: v.correlationId,
    causationId: v.causationId,
    hash: v.hash,
    data: JSON.stringify(v.data),
    status: a?.status,
    currentPrice: a?.currentPrice,
    leaderId: a?.leaderId,
    leaderMaximum: a?.leaderMaximum,
    bidCount: a?.bidCount,
    closesAt: a?.closesAt,
    outcome: a?.outcome,
    winnerId: a?.winnerId,
    finalPrice: a?.finalPrice,
  };
  return `${AUDIT_CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  // No spreadsheet-formula escaping needed: ids are validated to start with a letter or digit, data is a JSON object.
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The JSON export as chunks: "[", rows separated by ",\n", "]". */
export async function* jsonArray(rows: AsyncIterable<AuditEventView> | Iterable<AuditEventView>): AsyncGenerator<string> {
  yield '[\n';
  let first = true;
  for await (const row of rows) {
    yield `${first ? '' : ',\n'}${JSON.stringify(row)}`;
    first = false;
  }
  yield '\n]\n';
}

export async function* csvDocument(rows: AsyncIterable<AuditEventView> | Iterable<AuditEventView>): AsyncGenerator<string> {
  yield csvHeader();
  for await (const row of rows) yield csvRow(row);
}
