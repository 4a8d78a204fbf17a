import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RoomView } from '@megabot/contracts';
import { WriteSides } from '../../core/write-side';
import { roomView } from '../rooms.read-model';
import { roomContext } from '../rooms.streams';

/** A room as its stream says now (the settings a booking is decided with). */
export class GetRoomQuery extends Query<RoomView> {
  constructor(readonly roomId: string) {
    super();
  }
}

@QueryHandler(GetRoomQuery)
export class GetRoomHandler implements IQueryHandler<GetRoomQuery> {
  constructor(private readonly writeSides: WriteSides) {}

  async execute({ roomId }: GetRoomQuery): Promise<RoomView> {
    const room = await roomContext(this.writeSides, roomId, Date.now());
    return roomView(room.settings, room.retired);
  }
}
