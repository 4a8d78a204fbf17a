import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CalendarQueryDto, type AnnouncementView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { ForAdmin } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { ReadModelProgress } from '../../core/read-model-progress.service';

/** Announcements with their delivery statistics: the outbox rows (one per recipient) and their receipts in notify.deliveries. */
const ANNOUNCEMENTS_SELECT = `SELECT a.announcement_id, a.text, a.audience, a.published_by, a.published_at, a.withdrawn_at,
       x.announcement_id IS NOT NULL AS expanded,
       count(n.id)::int AS recipients,
       count(n.id) FILTER (WHERE n.muted)::int AS muted,
       count(n.id) FILTER (WHERE d.outcome = 'delivered')::int AS sent,
       count(n.id) FILTER (WHERE d.outcome = 'undeliverable')::int AS failed,
       count(n.id) FILTER (WHERE NOT n.muted AND d.outcome IS NULL AND a.withdrawn_at IS NULL)::int AS queued
  FROM company.announcements a
  LEFT JOIN company_outbox.expanded_announcements x ON x.announcement_id = a.announcement_id
  LEFT JOIN company_outbox.announcement_notices n ON n.announcement_id = a.announcement_id
  LEFT JOIN notify.deliveries d ON d.notification_id = n.id`;
const GROUP = `GROUP BY a.announcement_id, x.announcement_id`;

type Row = AnnouncementView['stats'] & {
  announcement_id: string;
  text: string;
  audience: AnnouncementView['audience'];
  published_by: string;
  published_at: Date;
  withdrawn_at: Date | null;
  expanded: boolean;
};
const view = (r: Row): AnnouncementView => ({
  announcementId: r.announcement_id,
  text: r.text,
  audience: r.audience,
  publishedBy: r.published_by,
  publishedAt: r.published_at.toISOString(),
  expanded: r.expanded,
  withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
  stats: { recipients: r.recipients, queued: r.queued, sent: r.sent, failed: r.failed, muted: r.muted },
});

@ApiTags('company')
@ForAdmin()
@Controller('company')
export class GetAnnouncementController {
  constructor(
    private readonly ds: DataSource,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('announcements')
  @QueryRoute('Announcements, latest first, with their delivery statistics (admins)')
  async list(@Query() query: CalendarQueryDto): Promise<{ items: AnnouncementView[] }> {
    await this.progress.waitFor('company', query.waitFor);
    const rows: Row[] = await this.ds.query(`${ANNOUNCEMENTS_SELECT} ${GROUP} ORDER BY a.published_at DESC LIMIT 100`);
    return { items: rows.map(view) };
  }

  @Get('announcements/:announcementId')
  @QueryRoute('An announcement with its delivery statistics: recipients, queued, sent, failed, muted (admins)', { 404: 'No such announcement' })
  async get(@Param('announcementId') announcementId: string, @Query() query: CalendarQueryDto): Promise<AnnouncementView> {
    await this.progress.waitFor('company', query.waitFor);
    const [row]: Row[] = await this.ds.query(`${ANNOUNCEMENTS_SELECT} WHERE a.announcement_id = $1 ${GROUP}`, [announcementId]);
    if (!row) throw problem(404, 'company.announcement_not_found', `No announcement ${announcementId}`, undefined, { announcementId });
    return view(row);
  }
}
