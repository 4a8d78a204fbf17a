import { CLEARANCE_LEVELS, type ClearanceLevel, type EmployeeAccessView, type KnowledgeAccess } from '@megabot/contracts';

/** Who asks, as the index sees them: their access tokens and clearance (null: not an active employee - reads nothing). */
export interface KnowledgeReader {
  tokens: ReadonlySet<string>;
  clearance: ClearanceLevel | null;
}

/** A mirrored group the employee is in: `group:<sourceId>/<group>`. */
export const groupToken = (sourceId: string, group: string) => `group:${sourceId}/${group}`;

/**
 * The reader's tokens from identity (through the trust boundary: the API's actor, never a claim of the caller):
 * `user:<id>`, `department:<d>`, `office:<o>`, `project:<p>` each, and the groups mirrored from the sources.
 * A dismissed employee (or one identity does not know) has no clearance and so reads nothing.
 */
export function readerOf(
  employeeId: string,
  access: Pick<EmployeeAccessView, 'active' | 'attributes'> | null | undefined,
  groups: readonly string[] = [],
): KnowledgeReader {
  if (!access || !access.active) return { tokens: new Set(), clearance: null };
  const { department, office, projects, clearance } = access.attributes;
  const tokens = new Set<string>([`user:${employeeId}`, ...groups]);
  if (department) tokens.add(`department:${department}`);
  if (office) tokens.add(`office:${office}`);
  for (const p of projects) tokens.add(`project:${p}`);
  return { tokens, clearance: CLEARANCE_LEVELS.includes(clearance) ? clearance : null };
}

/** Qdrant's payload form of a document's access: the classification as a rank, the allowed tokens as a set. */
export interface CompiledAccess {
  public: boolean;
  allow: ReadonlySet<string>;
  rank: number;
}

export const compileAccess = (a: KnowledgeAccess): CompiledAccess => ({
  public: a.public,
  allow: new Set(a.allow),
  rank: CLEARANCE_LEVELS.indexOf(a.classification) < 0 ? CLEARANCE_LEVELS.length : CLEARANCE_LEVELS.indexOf(a.classification),
});
