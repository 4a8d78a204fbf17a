import type { DataSource } from 'typeorm';
import type { SignedCheckpoint } from '@megabot/event-store';

/** Where signed checkpoints are kept (audit_ops.checkpoints): written by the API and the projector alike. */
export async function saveCheckpoint(ds: Pick<DataSource, 'query'>, checkpoint: SignedCheckpoint): Promise<void> {
  await ds.query(
    `INSERT INTO audit_ops.checkpoints (checkpoint_id, taken_at, position, signing_key_id, streams, body) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (checkpoint_id) DO NOTHING`,
    [checkpoint.checkpointId, checkpoint.takenAt, checkpoint.position, checkpoint.signingKeyId, checkpoint.heads.length, JSON.stringify(checkpoint)],
  );
}

export async function lastCheckpointAt(ds: Pick<DataSource, 'query'>): Promise<Date | null> {
  const [row] = await ds.query(`SELECT max(taken_at) AS at FROM audit_ops.checkpoints`);
  return row?.at ? new Date(row.at) : null;
}
