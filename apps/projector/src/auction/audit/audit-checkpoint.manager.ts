import { AUCTION_STREAM_PREFIX } from '@megabot/contracts';
import { takeCheckpoint, type ChainKeyring, type CheckpointSigner, type EventStore } from '@megabot/event-store';
import { lastCheckpointAt, saveCheckpoint } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import { PollingManager, type PollingOptions } from '../../polling-manager';

export interface AuditCheckpointOptions extends PollingOptions {
  /** How often the heads are signed (AUDIT_CHECKPOINT_MINUTES; default an hour). */
  everyMinutes?: number;
}

/**
 * Signs the heads of every auction stream periodically (audit-checkpoint.ts in
 * libs/event-store), so auditors always find a recent checkpoint to export and
 * keep. Several projector instances may each take one now and then: a second
 * checkpoint is harmless, it only records the same heads again.
 */
export class AuditCheckpointManager extends PollingManager {
  readonly name = 'audit-checkpoints';
  private readonly everyMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly ds: DataSource,
    private readonly keys: { keyring: ChainKeyring; signer: CheckpointSigner },
    options: AuditCheckpointOptions = {},
  ) {
    super({ ...options, pollMs: options.pollMs ?? 60_000 });
    this.everyMs = (options.everyMinutes ?? 60) * 60_000;
  }

  /** Takes a checkpoint when the last one is older than the interval; true when it took one. */
  async tick(): Promise<boolean> {
    const now = this.clock();
    const last = await lastCheckpointAt(this.ds);
    if (last && now.getTime() - last.getTime() < this.everyMs) return false;
    const checkpoint = await takeCheckpoint(
      this.store,
      AUCTION_STREAM_PREFIX,
      this.keys.keyring,
      this.keys.signer,
      `cp-${now.toISOString().replace(/[:.]/g, '-')}-auto`,
      now,
    );
    await saveCheckpoint(this.ds, checkpoint);
    this.options.log?.(`audit checkpoint ${checkpoint.checkpointId}: ${checkpoint.heads.length} stream head(s) signed`);
    return true;
  }
}
