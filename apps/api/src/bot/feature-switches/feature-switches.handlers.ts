import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FEATURE_SWITCH_NAME, type FeatureSwitchListView, type FeatureSwitchView, type PatchFeatureSwitchDto } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';

type Row = Record<string, any>;
const ENTRY = { roles: /^[a-z][a-z0-9_-]{0,31}$/, users: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, appVersions: /^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}\*?$/ } as const;
const MAX_ENTRIES = 500;

/**
 * Feature switches of the bot (a new flow for testers first, per role, per employee, per bot version). Managed by
 * admins through the API; the bot instances read the whole (small) list and evaluate it per update.
 */
export class ListSwitchesQuery extends Query<FeatureSwitchListView> {}

export class GetSwitchQuery extends Query<FeatureSwitchView> {
  constructor(readonly name: string) {
    super();
  }
}

/** Merges the given rules into the switch (null removes an entry), creating it (off for all) when absent. */
export class ChangeSwitch extends Command<FeatureSwitchView> {
  constructor(
    readonly name: string,
    readonly patch: PatchFeatureSwitchDto,
    readonly actorId: string,
  ) {
    super();
  }
}

export class RemoveSwitch extends Command<void> {
  constructor(readonly name: string) {
    super();
  }
}

@QueryHandler(ListSwitchesQuery)
export class ListSwitchesHandler implements IQueryHandler<ListSwitchesQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute(): Promise<FeatureSwitchListView> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM bot.feature_switches ORDER BY name`);
    return { items: rows.map(toView) };
  }
}

@QueryHandler(GetSwitchQuery)
export class GetSwitchHandler implements IQueryHandler<GetSwitchQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ name }: GetSwitchQuery): Promise<FeatureSwitchView> {
    const [row]: Row[] = await this.ds.query(`SELECT * FROM bot.feature_switches WHERE name = $1`, [checkName(name)]);
    if (!row) throw problem(404, 'bot.switch_not_found', `No feature switch "${name}"`);
    return toView(row);
  }
}

@CommandHandler(ChangeSwitch)
export class ChangeSwitchHandler implements ICommandHandler<ChangeSwitch> {
  constructor(private readonly ds: DataSource) {}

  async execute({ name, patch, actorId }: ChangeSwitch): Promise<FeatureSwitchView> {
    checkName(name);
    const maps = {
      roles: checkMap('roles', patch.roles),
      users: checkMap('users', patch.users),
      appVersions: checkMap('appVersions', patch.appVersions),
    };
    return this.ds.transaction(async (q) => {
      await q.query(`INSERT INTO bot.feature_switches (name, revision) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [name]);
      const [row]: Row[] = await q.query(`SELECT * FROM bot.feature_switches WHERE name = $1 FOR UPDATE`, [name]);
      const current = toView(row);
      const merged = {
        roles: merge(current.roles, maps.roles),
        users: merge(current.users, maps.users),
        appVersions: merge(current.appVersions, maps.appVersions),
      };
      for (const [field, map] of Object.entries(merged)) {
        if (Object.keys(map).length > MAX_ENTRIES) throw problem(422, 'bot.switch_too_large', `A switch may have at most ${MAX_ENTRIES} ${field} entries`);
      }
      const [updated]: Row[] = await q
        .query(
          `UPDATE bot.feature_switches SET description = $2, enabled_for_all = $3, roles = $4::jsonb, users = $5::jsonb, app_versions = $6::jsonb,
             revision = revision + 1, updated_at = now(), updated_by = $7
           WHERE name = $1 RETURNING *`,
          [
            name,
            patch.description ?? current.description,
            patch.all ?? current.all,
            JSON.stringify(merged.roles),
            JSON.stringify(merged.users),
            JSON.stringify(merged.appVersions),
            actorId,
          ],
        )
        .then((r: [Row[], number]) => r[0]);
      return toView(updated);
    });
  }
}

@CommandHandler(RemoveSwitch)
export class RemoveSwitchHandler implements ICommandHandler<RemoveSwitch> {
  constructor(private readonly ds: DataSource) {}

  async execute({ name }: RemoveSwitch): Promise<void> {
    const [, count] = (await this.ds.query(`DELETE FROM bot.feature_switches WHERE name = $1`, [checkName(name)])) as [unknown, number];
    if (count === 0) throw problem(404, 'bot.switch_not_found', `No feature switch "${name}"`);
  }
}

function checkName(name: string): string {
  if (!FEATURE_SWITCH_NAME.test(name)) throw problem(400, 'validation.failed', 'A switch name is 1-64 lower-case letters, digits, ".", "_" or "-"');
  return name;
}

function checkMap(field: keyof typeof ENTRY, map: Record<string, unknown> | undefined): Record<string, boolean | null> {
  if (map === undefined) return {};
  const out: Record<string, boolean | null> = {};
  for (const [key, value] of Object.entries(map)) {
    if (!ENTRY[field].test(key)) throw problem(400, 'validation.failed', `${field}: "${key}" is not a valid entry`);
    if (value !== true && value !== false && value !== null) throw problem(400, 'validation.failed', `${field}.${key} must be true, false or null (remove)`);
    out[key] = value;
  }
  return out;
}

function merge(current: Record<string, boolean>, patch: Record<string, boolean | null>): Record<string, boolean> {
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

function toView(r: Row): FeatureSwitchView {
  return {
    name: r.name,
    description: r.description,
    all: r.enabled_for_all,
    roles: r.roles ?? {},
    users: r.users ?? {},
    appVersions: r.app_versions ?? {},
    revision: Number(r.revision),
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.updated_by ?? null,
  };
}
