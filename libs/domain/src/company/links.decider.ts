import { COMPANY_LINKS_STREAM, COMPANY_SCHEMA_VERSIONS, isAdmin, LINK_ID_PATTERN, type Actor, type UsefulLink, type UsefulLinkEvent } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { CompanyErrors } from './company.errors';

/** The company's useful links (one stream, `company-links`), managed by admins. */
export interface AddUsefulLink {
  type: 'AddUsefulLink';
  link: UsefulLink;
  actor: Actor;
}
/** Only the fields given change; nothing changed: nothing written. */
export interface UpdateUsefulLink {
  type: 'UpdateUsefulLink';
  linkId: string;
  changes: Partial<Omit<UsefulLink, 'linkId'>>;
  actor: Actor;
}
export interface RemoveUsefulLink {
  type: 'RemoveUsefulLink';
  linkId: string;
  actor: Actor;
}
export type UsefulLinkCommand = AddUsefulLink | UpdateUsefulLink | RemoveUsefulLink;

export interface UsefulLinksState {
  links: ReadonlyMap<string, UsefulLink>;
}
export const initialUsefulLinksState: UsefulLinksState = { links: new Map() };

export function evolveUsefulLinks(state: UsefulLinksState, event: UsefulLinkEvent): UsefulLinksState {
  const links = new Map(state.links);
  switch (event.type) {
    case 'UsefulLinkAdded': {
      const { linkId, category, title, url, description } = event.data;
      links.set(linkId, { linkId, category, title, url, description });
      break;
    }
    case 'UsefulLinkUpdated': {
      const link = links.get(event.data.linkId);
      if (link) links.set(link.linkId, { ...link, ...event.data.changes });
      break;
    }
    case 'UsefulLinkRemoved':
      links.delete(event.data.linkId);
      break;
  }
  return { links };
}

const FIELDS = ['category', 'title', 'url', 'description'] as const;

function checkField(field: (typeof FIELDS)[number], value: unknown): string {
  if (typeof value !== 'string') throw CompanyErrors.invalidField(field, 'must be text');
  const v = value.trim();
  if (field === 'url') {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw CompanyErrors.invalidField('url', 'must be an absolute http(s) URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw CompanyErrors.invalidField('url', 'must be an absolute http(s) URL');
    if (v.length > 500) throw CompanyErrors.invalidField('url', 'must be at most 500 characters');
    return v;
  }
  const max = field === 'description' ? 300 : field === 'title' ? 100 : 50;
  if ((field !== 'description' && v.length === 0) || v.length > max)
    throw CompanyErrors.invalidField(field, `must be ${field === 'description' ? '0' : '1'} to ${max} characters`);
  return v;
}

export function decideUsefulLinks(state: UsefulLinksState, c: UsefulLinkCommand, now: Date): UsefulLinkEvent[] {
  if (!isAdmin(c.actor)) throw CompanyErrors.adminRequired('manage the useful links');
  const at = now.toISOString();
  switch (c.type) {
    case 'AddUsefulLink': {
      if (!LINK_ID_PATTERN.test(c.link.linkId)) throw CompanyErrors.invalidField('linkId', 'must be 1-64 lower-case letters, digits, "_" or "-"');
      if (state.links.has(c.link.linkId)) throw CompanyErrors.linkExists(c.link.linkId);
      const link = { linkId: c.link.linkId, ...Object.fromEntries(FIELDS.map((f) => [f, checkField(f, c.link[f] ?? '')])) } as UsefulLink;
      return [{ type: 'UsefulLinkAdded', data: { ...link, addedAt: at, addedBy: c.actor.employeeId } }];
    }
    case 'UpdateUsefulLink': {
      const link = state.links.get(c.linkId);
      if (!link) throw CompanyErrors.linkNotFound(c.linkId);
      const given = FIELDS.filter((f) => c.changes[f] !== undefined);
      if (!given.length) throw CompanyErrors.noChanges();
      const changes: Partial<UsefulLink> = {};
      for (const f of given) {
        const v = checkField(f, c.changes[f]);
        if (v !== link[f]) changes[f] = v;
      }
      if (!Object.keys(changes).length) return [];
      return [{ type: 'UsefulLinkUpdated', data: { linkId: c.linkId, changes, updatedAt: at, updatedBy: c.actor.employeeId } }];
    }
    case 'RemoveUsefulLink':
      if (!state.links.has(c.linkId)) return [];
      return [{ type: 'UsefulLinkRemoved', data: { linkId: c.linkId, removedAt: at, removedBy: c.actor.employeeId } }];
  }
}

export const usefulLinksDecider: Decider<UsefulLinkCommand, UsefulLinkEvent, UsefulLinksState> = {
  initialState: initialUsefulLinksState,
  evolve: evolveUsefulLinks,
  decide: decideUsefulLinks,
};

export const usefulLinksWriteSide: WriteSideDefinition<UsefulLinkCommand, UsefulLinkEvent, UsefulLinksState> = {
  name: 'company.links',
  decider: usefulLinksDecider,
  streamOf: () => COMPANY_LINKS_STREAM,
  schemaVersionOf: versionsFrom(COMPANY_SCHEMA_VERSIONS),
};
