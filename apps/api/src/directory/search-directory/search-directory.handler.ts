import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DirectorySearchView, SearchDirectoryQueryDto } from '@megabot/contracts';
import { personView } from '../directory.cards';
import { DirectoryIndex } from '../directory.index';

export class SearchDirectoryQuery extends Query<DirectorySearchView> {
  constructor(readonly params: SearchDirectoryQueryDto) {
    super();
  }
}

/** Answered from the in-memory index: names (any script, transliteration, typos, short first names), departments, offices, projects, positions. */
@QueryHandler(SearchDirectoryQuery)
export class SearchDirectoryHandler implements IQueryHandler<SearchDirectoryQuery> {
  constructor(private readonly directory: DirectoryIndex) {}

  async execute({ params }: SearchDirectoryQuery): Promise<DirectorySearchView> {
    await this.directory.reach(params.waitFor);
    const { q = '', department, office, project, position, limit = 10 } = params;
    const hits = this.directory.index.search(q, { limit, filters: { department, office, project, position } });
    return {
      items: hits.flatMap((h) => {
        const row = this.directory.active(h.employeeId);
        return row ? [{ ...personView(row), matched: h.matched, score: h.score }] : [];
      }),
    };
  }
}
