import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { NearbyQueryDto, type Actor, type NearbyView } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { CurrentEmployee } from '../../core/access/actor';
import { QueryRoute } from '../../core/api-docs';
import { SeatingReadModel } from '../seating.read-model';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class NearbyController {
  constructor(private readonly seating: SeatingReadModel) {}

  /** My seat that day (a hot-desk booking first, else my assigned desk) and the people at the nearest desks of that floor. */
  @Get('nearby')
  @QueryRoute('Who sits nearest to me that day (straight-line distance on the plan)')
  async nearby(@Query() query: NearbyQueryDto, @CurrentEmployee() actor: Actor): Promise<NearbyView> {
    await this.seating.reach(query.waitFor);
    const mine = (await this.seating.seats([actor.employeeId], query.date)).get(actor.employeeId) ?? [];
    const seat = mine.find((s) => s.via === 'booked') ?? mine[0] ?? null;
    if (!seat) return { date: query.date ?? '', seat: null, people: [] };
    const office = await this.seating.office(seat.officeId);
    const date = query.date ?? seat.date ?? this.seating.today(office);
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
      .slice(0, query.limit ?? 10);
    return { date, seat, people };
  }
}
