import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { KnowledgeSourceView } from '@megabot/contracts';
import { KnowledgeErrors } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { SOURCE_SELECT, sourceView, type SourceViewRow } from '../knowledge-sources.read-model';

export class GetSourceQuery extends Query<KnowledgeSourceView> {
  constructor(readonly sourceId: string) {
    super();
  }
}

@QueryHandler(GetSourceQuery)
export class GetSourceHandler implements IQueryHandler<GetSourceQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ sourceId }: GetSourceQuery): Promise<KnowledgeSourceView> {
    const [row]: SourceViewRow[] = await this.ds.query(`${SOURCE_SELECT} WHERE s.source_id = $1`, [sourceId]);
    if (!row) throw KnowledgeErrors.sourceNotFound(sourceId);
    return sourceView(row);
  }
}
