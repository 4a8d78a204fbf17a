import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor, DirectoryCardView } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { cardView } from '../directory.cards';
import { DirectoryIndex } from '../directory.index';

export class GetCardQuery extends Query<DirectoryCardView> {
  constructor(
    readonly employeeId: string,
    readonly viewer: Actor,
    readonly waitFor?: string,
    /** Only what every colleague sees (a card to be shared). */
    readonly asColleague = false,
  ) {
    super();
  }
}

/** An active employee's card as the viewer may see it (dismissed employees are not in the directory). */
@QueryHandler(GetCardQuery)
export class GetCardHandler implements IQueryHandler<GetCardQuery> {
  constructor(private readonly directory: DirectoryIndex) {}

  async execute({ employeeId, viewer, waitFor, asColleague }: GetCardQuery): Promise<DirectoryCardView> {
    await this.directory.reach(waitFor);
    const row = this.directory.active(employeeId);
    if (!row) throw problem(404, 'directory.not_found', `No colleague ${employeeId} in the directory`, undefined, { employeeId });
    return cardView(viewer, row, { chain: this.directory.chainOf(employeeId), reports: this.directory.reportsOf(employeeId) }, { asColleague });
  }
}
