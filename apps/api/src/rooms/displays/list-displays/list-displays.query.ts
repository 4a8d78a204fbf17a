import { Query } from '@nestjs/cqrs';
import type { DisplayListDto } from '@megabot/contracts';

export class ListDisplaysQuery extends Query<DisplayListDto> {
  constructor(
    readonly roomId: string | undefined,
    readonly includeRetired: boolean,
  ) {
    super();
  }
}
