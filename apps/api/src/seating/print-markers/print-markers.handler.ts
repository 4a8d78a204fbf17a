import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FloorPlanView } from '@megabot/contracts';
import { GetFloorQuery } from '../get-floor/get-floor.handler';
import { markerSheetPdf, type MarkerLabel } from './marker-sheet';

export class PrintMarkersQuery extends Query<Buffer> {
  constructor(
    readonly officeId: string,
    readonly floor: number,
  ) {
    super();
  }
}

/** What to print for a floor: a marker at each meeting room's door, and one at every other point of the corridor graph. */
export function floorMarkers(plan: FloorPlanView): MarkerLabel[] {
  const where = `${plan.officeName} · ${plan.name}`;
  const at = { officeId: plan.officeId, floor: plan.floor };
  const rooms = plan.rooms.flatMap((r) => (r.nodeId ? [{ ...at, nodeId: r.nodeId, title: r.name ?? r.roomId, detail: where }] : []));
  const doors = new Set(rooms.map((r) => r.nodeId));
  const points = plan.nodes
    .filter((n) => !doors.has(n.nodeId))
    .map((n) => ({
      ...at,
      nodeId: n.nodeId,
      title: n.kind === 'corridor' ? `Corridor ${n.nodeId}` : `${n.kind === 'lift' ? 'Lift' : 'Stairs'} ${n.connects}`,
      detail: where,
    }));
  return [...rooms, ...points];
}

@QueryHandler(PrintMarkersQuery)
export class PrintMarkersHandler implements IQueryHandler<PrintMarkersQuery> {
  constructor(private readonly queries: QueryBus) {}

  async execute({ officeId, floor }: PrintMarkersQuery): Promise<Buffer> {
    const plan = await this.queries.execute(new GetFloorQuery(officeId, floor, undefined, undefined));
    return markerSheetPdf(floorMarkers(plan), `${plan.officeName} · ${plan.name}: wayfinding markers`);
  }
}
