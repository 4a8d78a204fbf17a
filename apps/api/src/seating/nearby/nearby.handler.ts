import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor, NearbyQueryDto, NearbyView } from '@megabot/contracts';
import { SeatingReadModel } from '../seating.read-model';

export class NearbyQuery extends Query<NearbyView> {
  constructor(
    readonly params: NearbyQueryDto,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** My seat that day (a hot-desk booking first, else my assigned desk) and the people at the nearest desks of that floor. */
@QueryHandler(NearbyQuery)
export class NearbyHandler implements IQueryHandler<NearbyQuery> {
  constructor(private readonly seating: SeatingReadModel) {}

  async execute({ params, actor }: NearbyQuery): Promise<NearbyView> {
    await this.seating.reach(params.waitFor);
    const mine = (await this.seating.seats([actor.employeeId], params.date)).get(actor.employeeId) ?? [];
    const seat = mine.find((s) => s.via === 'booked') ?? mine[0] ?? null;
    if (!seat) return { date: params.date ?? new Date().toISOString().slice(0, 10), seat: null, people: [] };
    const office = await this.seating.office(seat.officeId);
    const date = params.date ?? seat.date ?? this.seating.today(office);
    const [desks, bookings] = await Promise.all([this.seating.desks(seat.officeId, seat.floor), this.seating.bookings(seat.officeId, seat.floor, date)]);
    const me = desks.find((d) => d.desk_id === seat.deskId);
    if (!me) return { date, seat, people: [] };
    const occupants = this.seating.occupants(desks, bookings);
    const people = desks
      .filter((d) => d.desk_id !== me.desk_id && occupants.has(d.desk_id) && occupants.get(d.desk_id)!.employeeId !== actor.employeeId)
      .map((d) => {
        const { bookingId: _booking, ...person } = occupants.get(d.desk_id)!;
        return { ...person, deskId: d.desk_id, label: d.label, distance: Math.round(Math.hypot(d.x - me.x, d.y - me.y) * 100) / 100 };
      })
      .sort((a, b) => a.distance - b.distance || a.fullName.localeCompare(b.fullName))
      .slice(0, params.limit ?? 10);
    return { date, seat, people };
  }
}
