import type { Actor } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { announcementDecider } from './announcement.decider';

const ADMIN: Actor = { employeeId: 'e-admin', roles: ['employee', 'admin'] };
const ANNA: Actor = { employeeId: 'e-anna', roles: ['employee'] };
const NOW = new Date('2026-01-15T09:00:00.000Z');
const spec = deciderSpec(announcementDecider);
const publish = {
  type: 'PublishAnnouncement' as const,
  announcementId: 'move',
  text: ' Office move on Friday ',
  audience: { kind: 'everyone' as const },
  actor: ADMIN,
};
const published = {
  type: 'AnnouncementPublished' as const,
  data: {
    announcementId: 'move',
    text: 'Office move on Friday',
    audience: { kind: 'everyone' as const },
    publishedBy: 'e-admin',
    publishedAt: NOW.toISOString(),
  },
};

describe('announcement decider', () => {
  it('admins publish once; the same again publishes nothing, other content under the id conflicts', () => {
    spec.given([]).when(publish, NOW).then([published]);
    spec.given([published]).when(publish, NOW).then([]);
    spec
      .given([published])
      .when({ ...publish, text: 'Other' }, NOW)
      .thenThrows('company.announcement_exists', { announcementId: 'move' });
    spec
      .given([])
      .when({ ...publish, actor: ANNA }, NOW)
      .thenThrows('company.admin_required');
  });
  it('an audience of offices or departments names at least one, kept unique and sorted', () => {
    spec
      .given([])
      .when({ ...publish, audience: { kind: 'offices', offices: [' spb ', 'hq', 'spb'] } }, NOW)
      .then([{ ...published, data: { ...published.data, audience: { kind: 'offices', offices: ['hq', 'spb'] } } }]);
    spec
      .given([])
      .when({ ...publish, audience: { kind: 'departments', departments: [' '] } }, NOW)
      .thenThrows('company.invalid_field', { field: 'departments' });
    spec
      .given([])
      .when({ ...publish, text: '   ' }, NOW)
      .thenThrows('company.invalid_field', { field: 'text' });
    spec
      .given([])
      .when({ ...publish, text: 'x'.repeat(3501) }, NOW)
      .thenThrows('company.invalid_field', { field: 'text' });
  });
  it('admins withdraw a published announcement once; a retry withdraws nothing more; publishing it again publishes nothing', () => {
    const later = new Date(NOW.getTime() + 60_000);
    const withdrawCmd = { type: 'WithdrawAnnouncement' as const, announcementId: 'move', reason: ' Wrong date ', actor: ADMIN };
    const withdrawn = {
      type: 'AnnouncementWithdrawn' as const,
      data: { announcementId: 'move', reason: 'Wrong date', withdrawnBy: 'e-admin', withdrawnAt: later.toISOString() },
    };
    spec.given([published]).when(withdrawCmd, later).then([withdrawn]);
    spec
      .given([published])
      .when({ ...withdrawCmd, reason: undefined }, later)
      .then([{ ...withdrawn, data: { ...withdrawn.data, reason: null } }]);
    spec.given([published, withdrawn]).when(withdrawCmd, later).then([]);
    spec.given([published, withdrawn]).when(publish, later).then([]);
    spec
      .given([published, withdrawn])
      .when({ ...publish, text: 'Other' }, later)
      .thenThrows('company.announcement_exists', { announcementId: 'move' });
    spec.given([]).when(withdrawCmd, later).thenThrows('company.announcement_not_found', { announcementId: 'move' });
    spec
      .given([published])
      .when({ ...withdrawCmd, actor: ANNA }, later)
      .thenThrows('company.admin_required');
  });
});
