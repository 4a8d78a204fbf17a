import type { KnowledgeDocumentSnapshot } from '@megabot/domain';
import type { EmployeeLookup, KnowledgeChangePage, KnowledgeConnector } from './knowledge-connector';

/** Every page of a connector's change feed, gathered (tests). */
export async function allChanges(connector: KnowledgeConnector, cursor: string | null) {
  const pages: KnowledgeChangePage[] = [];
  for await (const page of connector.changes(cursor)) pages.push(page);
  const documents: KnowledgeDocumentSnapshot[] = pages.flatMap((p) => p.documents);
  return { pages, documents, deletedIds: pages.flatMap((p) => p.deletedIds), cursor: pages.length ? pages[pages.length - 1].cursor : cursor };
}

export async function allIds(connector: KnowledgeConnector): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of connector.listIds()) ids.push(...page);
  return ids.sort();
}

/** An employee directory of a few addresses (tests). */
export const employeesByEmail = (map: Record<string, string>): EmployeeLookup => ({ byEmail: async (email) => map[email.toLowerCase()] ?? null });
