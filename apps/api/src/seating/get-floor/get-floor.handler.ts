import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FloorPlanView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { SeatingReadModel } from '../seating.read-model';

export class GetFloorQuery extends Query<FloorPlanView> {
  constructor(
    readonly officeId: string,
    readonly floor: number,
    readonly date: string | undefined,
    readonly waitFor: string | undefined,
  ) {
    super();
  }
}

/** The plan with its desks as the read model has them on the date (today in the office by default), room names, and the other floors. */
@QueryHandler(GetFloorQuery)
export class GetFloorHandler implements IQueryHandler<GetFloorQuery> {
  constructor(
    private readonly seating: SeatingReadModel,
    private readonly ds: DataSource,
  ) {}

  async execute({ officeId, floor, date: asked, waitFor }: GetFloorQuery): Promise<FloorPlanView> {
    await this.seating.reach(waitFor);
    const office = await this.seating.office(officeId);
    const plan = await this.seating.plan(officeId, floor);
    const date = asked ?? this.seating.today(office);
    const [desks, bookings, rooms, floors] = await Promise.all([
      this.seating.desks(officeId, floor),
      this.seating.bookings(officeId, floor, date),
      this.ds.query(`SELECT room_id, name FROM rooms.rooms WHERE room_id = ANY($1)`, [plan.shapes.rooms.map((r) => r.roomId)]),
      this.ds.query(`SELECT floor FROM seating.plans WHERE office_id = $1 AND floor <> $2 ORDER BY floor`, [officeId, floor]),
    ]);
    const occupants = this.seating.occupants(desks, bookings);
    const names = new Map<string, string>(rooms.map((r: { room_id: string; name: string }) => [r.room_id, r.name]));
    return {
      officeId,
      officeName: office.name,
      timeZone: office.timeZone,
      floor,
      name: plan.name,
      version: plan.version,
      date,
      svg: plan.svg,
      width: plan.shapes.width,
      height: plan.shapes.height,
      desks: desks.map((d) => ({
        deskId: d.desk_id,
        label: d.label,
        kind: d.kind,
        x: d.x,
        y: d.y,
        nodeId: d.node_id,
        occupant: occupants.get(d.desk_id) ?? null,
        bookable: d.kind === 'hot' && !bookings.some((b) => b.desk_id === d.desk_id),
      })),
      rooms: plan.shapes.rooms.map((r) => ({ ...r, name: names.get(r.roomId) ?? null })),
      nodes: plan.shapes.nodes,
      edges: plan.shapes.edges,
      otherFloors: floors.map((f: { floor: number }) => f.floor),
    };
  }
}
