import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DISPLAY_TELEMETRY_TABLE } from '@megabot/read-model';
import { DataSource } from 'typeorm';

/** What one poll reports (PROTOCOL.md §1) and what it was answered. */
export interface TelemetrySample {
  displayId: string;
  atMs: number;
  firmware: string | null;
  batteryMv: number | null;
  rssi: number | null;
  fails: number | null;
  status: number;
  etag: string | null;
  refreshSec: number;
  ip: string | null;
}

interface Pending extends TelemetrySample {
  firstMs: number;
  requests: number;
}

/** Pending samples are written this often: one statement for all displays, whatever the request rate. */
export const TELEMETRY_FLUSH_MS = 1000;

/**
 * Telemetry of the door displays, coalesced in memory: a poll only updates
 * a map entry (the endpoint never waits for the database), and a timer
 * writes the latest sample of every display that polled since the last
 * write in one upsert. Losing the last second of samples on a crash costs
 * nothing: the next poll brings them back.
 */
@Injectable()
export class DisplayTelemetry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Displays');
  private pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  /** Statements written (for the benchmark and tests). */
  flushes = 0;

  constructor(private readonly ds: DataSource) {}

  onModuleInit() {
    this.timer = setInterval(() => void this.flush().catch((e) => this.logger.warn(`telemetry: ${(e as Error).message}`)), TELEMETRY_FLUSH_MS);
    this.timer.unref();
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }

  record(sample: TelemetrySample): void {
    const prev = this.pending.get(sample.displayId);
    this.pending.set(sample.displayId, { ...sample, firstMs: prev?.firstMs ?? sample.atMs, requests: (prev?.requests ?? 0) + 1 });
  }

  /** Writes what is pending (after any write already running). */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const col = <T>(f: (p: Pending) => T) => batch.map(f);
    try {
      await this.ds.query(
        `INSERT INTO ${DISPLAY_TELEMETRY_TABLE} AS t (display_id, first_seen_at, last_seen_at, firmware, battery_mv, rssi, fails, last_status, last_etag, next_refresh_sec, requests, source_ip)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[], $10::int[], $11::bigint[], $12::text[])
         ON CONFLICT (display_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, firmware = EXCLUDED.firmware, battery_mv = EXCLUDED.battery_mv,
           rssi = EXCLUDED.rssi, fails = EXCLUDED.fails, last_status = EXCLUDED.last_status, last_etag = EXCLUDED.last_etag,
           next_refresh_sec = EXCLUDED.next_refresh_sec, requests = t.requests + EXCLUDED.requests, source_ip = EXCLUDED.source_ip
         WHERE t.last_seen_at <= EXCLUDED.last_seen_at`,
        [
          col((p) => p.displayId),
          col((p) => new Date(p.firstMs).toISOString()),
          col((p) => new Date(p.atMs).toISOString()),
          col((p) => p.firmware),
          col((p) => p.batteryMv),
          col((p) => p.rssi),
          col((p) => p.fails),
          col((p) => p.status),
          col((p) => p.etag),
          col((p) => p.refreshSec),
          col((p) => p.requests),
          col((p) => p.ip),
        ],
      );
      this.flushes++;
    } catch (e) {
      // Keep the samples for the next attempt unless newer ones arrived meanwhile.
      for (const p of batch) {
        const newer = this.pending.get(p.displayId);
        this.pending.set(p.displayId, newer ? { ...newer, firstMs: p.firstMs, requests: newer.requests + p.requests } : p);
      }
      throw e;
    }
  }
}
