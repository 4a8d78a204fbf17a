import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { KnowledgeSourceListView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { SOURCE_SELECT, sourceView, type SourceViewRow } from '../knowledge-sources.read-model';

export class ListSourcesQuery extends Query<KnowledgeSourceListView> {
  constructor(readonly includeRemoved: boolean) {
    super();
  }
}

@QueryHandler(ListSourcesQuery)
export class ListSourcesHandler implements IQueryHandler<ListSourcesQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ includeRemoved }: ListSourcesQuery): Promise<KnowledgeSourceListView> {
    const rows: SourceViewRow[] = await this.ds.query(`${SOURCE_SELECT} ${includeRemoved ? '' : `WHERE s.status = 'active'`} ORDER BY s.name, s.source_id`);
    return { items: rows.map(sourceView) };
  }
}
