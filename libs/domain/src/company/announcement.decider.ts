import {
  ANNOUNCEMENT_ID_PATTERN,
  announcementStreamId,
  COMPANY_SCHEMA_VERSIONS,
  isAdmin,
  MAX_ANNOUNCEMENT_LENGTH,
  type Actor,
  type AnnouncementAudience,
  type AnnouncementEvent,
} from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { CompanyErrors } from './company.errors';

/**
 * An announcement (stream `company-announcement-<id>`): admins publish it
 * once to everyone, to offices or to departments. Delivery is the bot's
 * (through the one outbox); the same id with the same content again
 * publishes nothing, with other content it is a conflict. Withdrawing it
 * keeps back the notices not sent yet (a second withdrawal changes nothing).
 */
export interface PublishAnnouncement {
  type: 'PublishAnnouncement';
  announcementId: string;
  text: string;
  audience: AnnouncementAudience;
  actor: Actor;
}
export interface WithdrawAnnouncement {
  type: 'WithdrawAnnouncement';
  announcementId: string;
  reason?: string;
  actor: Actor;
}
export type AnnouncementCommand = PublishAnnouncement | WithdrawAnnouncement;

export type AnnouncementState = { status: 'none' } | { status: 'published' | 'withdrawn'; text: string; audience: AnnouncementAudience };
export const initialAnnouncementState: AnnouncementState = { status: 'none' };

export function evolveAnnouncement(state: AnnouncementState, event: AnnouncementEvent): AnnouncementState {
  if (event.type === 'AnnouncementPublished') return { status: 'published', text: event.data.text, audience: event.data.audience };
  return state.status === 'none' ? state : { ...state, status: 'withdrawn' };
}

/** The audience with its names trimmed, unique and sorted. */
function audienceOf(audience: AnnouncementAudience): AnnouncementAudience {
  if (audience.kind === 'everyone') return { kind: 'everyone' };
  const names = (list: unknown, field: string) => {
    const out = [...new Set((Array.isArray(list) ? list : []).map((v) => String(v).trim()).filter(Boolean))].sort();
    if (!out.length) throw CompanyErrors.invalidField(field, 'must name at least one');
    return out;
  };
  if (audience.kind === 'offices') return { kind: 'offices', offices: names(audience.offices, 'offices') };
  if (audience.kind === 'departments') return { kind: 'departments', departments: names(audience.departments, 'departments') };
  throw CompanyErrors.invalidField('audience', 'must be everyone, offices or departments');
}

export function decideAnnouncement(state: AnnouncementState, c: AnnouncementCommand, now: Date): AnnouncementEvent[] {
  return c.type === 'WithdrawAnnouncement' ? withdraw(state, c, now) : publish(state, c, now);
}

function withdraw(state: AnnouncementState, c: WithdrawAnnouncement, now: Date): AnnouncementEvent[] {
  if (!isAdmin(c.actor)) throw CompanyErrors.adminRequired('withdraw announcements');
  if (state.status === 'none') throw CompanyErrors.announcementNotFound(c.announcementId);
  if (state.status === 'withdrawn') return [];
  const reason = c.reason?.trim() || null;
  return [
    { type: 'AnnouncementWithdrawn', data: { announcementId: c.announcementId, reason, withdrawnBy: c.actor.employeeId, withdrawnAt: now.toISOString() } },
  ];
}

function publish(state: AnnouncementState, c: PublishAnnouncement, now: Date): AnnouncementEvent[] {
  if (!isAdmin(c.actor)) throw CompanyErrors.adminRequired('publish announcements');
  if (!ANNOUNCEMENT_ID_PATTERN.test(c.announcementId)) throw CompanyErrors.invalidField('announcementId', 'must be 1-64 letters, digits, "_" or "-"');
  const text = c.text.trim();
  if (!text) throw CompanyErrors.invalidField('text', 'must not be empty');
  if (text.length > MAX_ANNOUNCEMENT_LENGTH) throw CompanyErrors.invalidField('text', `must be at most ${MAX_ANNOUNCEMENT_LENGTH} characters`);
  const audience = audienceOf(c.audience);
  if (state.status !== 'none') {
    if (state.text === text && JSON.stringify(state.audience) === JSON.stringify(audience)) return [];
    throw CompanyErrors.announcementExists(c.announcementId);
  }
  return [
    {
      type: 'AnnouncementPublished',
      data: { announcementId: c.announcementId, text, audience, publishedBy: c.actor.employeeId, publishedAt: now.toISOString() },
    },
  ];
}

export const announcementDecider: Decider<AnnouncementCommand, AnnouncementEvent, AnnouncementState> = {
  initialState: initialAnnouncementState,
  evolve: evolveAnnouncement,
  decide: decideAnnouncement,
};

export const announcementWriteSide: WriteSideDefinition<AnnouncementCommand, AnnouncementEvent, AnnouncementState> = {
  name: 'company.announcement',
  decider: announcementDecider,
  streamOf: (c) => announcementStreamId(c.announcementId),
  schemaVersionOf: versionsFrom(COMPANY_SCHEMA_VERSIONS),
};
