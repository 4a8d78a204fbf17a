import type { GlobalPosition } from '@megabot/contracts';
import type { EventStore } from '@megabot/event-store';
import type { DataSource } from 'typeorm';
import type { KnowledgeSettings } from '@megabot/knowledge';
import { allProjections } from '../../apps/projector/src/projections';
import { rebuildProjection, type RebuildProgress } from '../../apps/projector/src/rebuild';

/**
 * The read side's positions belong to the store they came from. Projections
 * are rebuilt from the new store; the side-effect reactors (code mails,
 * offboarding) must not run again over history, so their checkpoints move to
 * the same event in the new store instead.
 */

export interface ReactorCheckpoint {
  name: string;
  position: GlobalPosition;
}

export async function readReactorCheckpoints(ds: DataSource): Promise<ReactorCheckpoint[]> {
  const [{ exists }] = await ds.query(`SELECT to_regclass('identity_ops.checkpoints') IS NOT NULL AS exists`);
  if (!exists) return [];
  const rows: { name: string; commit_position: string; prepare_position: string }[] = await ds.query(
    `SELECT name, commit_position::text, prepare_position::text FROM identity_ops.checkpoints ORDER BY name`,
  );
  return rows.map((r) => ({ name: r.name, position: { commit: BigInt(r.commit_position), prepare: BigInt(r.prepare_position) } }));
}

/** When the read side was switched to EventStoreDB (a second switch would read its positions as Postgres ones). */
export async function switchedAt(ds: DataSource): Promise<{ at: Date; target: string } | undefined> {
  const [{ exists }] = await ds.query(`SELECT to_regclass('store_migrate.switches') IS NOT NULL AS exists`);
  if (!exists) return undefined;
  const [row] = await ds.query(`SELECT switched_at, target FROM store_migrate.switches ORDER BY switched_at DESC LIMIT 1`);
  return row && { at: new Date(row.switched_at), target: row.target };
}

export async function rebuildAllProjections(
  target: EventStore,
  ds: DataSource,
  onProgress: (name: string, p: RebuildProgress) => void = () => undefined,
  knowledge: KnowledgeSettings = {},
) {
  const results: { name: string; events: number }[] = [];
  for (const projection of allProjections(knowledge)) {
    const r = await rebuildProjection(target, ds, projection, (p) => onProgress(projection.name, p));
    results.push({ name: projection.name, events: r.events });
  }
  return results;
}

/** Moves the reactors' checkpoints to their new positions and records the switch, in one transaction. */
export async function moveReactorCheckpoints(ds: DataSource, moved: ReactorCheckpoint[], target: string): Promise<void> {
  await ds.transaction(async (m) => {
    for (const c of moved) {
      await m.query(`UPDATE identity_ops.checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now() WHERE name = $1`, [
        c.name,
        c.position.commit.toString(),
        c.position.prepare.toString(),
      ]);
    }
    await m.query(`CREATE SCHEMA IF NOT EXISTS store_migrate`);
    await m.query(`CREATE TABLE IF NOT EXISTS store_migrate.switches (switched_at timestamptz PRIMARY KEY DEFAULT now(), target text NOT NULL)`);
    await m.query(`INSERT INTO store_migrate.switches (target) VALUES ($1)`, [target]);
  });
}
