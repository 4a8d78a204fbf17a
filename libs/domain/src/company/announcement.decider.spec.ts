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
});
