import { floorPlanStreamId, officeStreamId } from '@megabot/contracts';
import { floorPlanWriteSide, officeWriteSide, RoomsErrors, SeatingErrors, type DeskContext, type FloorPlanState } from '@megabot/domain';
import type { OfficeRef } from '@megabot/domain';
import { zoneOffsetsFromIntl } from '@megabot/platform';
import type { WriteSides } from '../core/write-side';

/*
 * Offices and floor plans as their streams say now, read through the write
 * side's processors: what seating commands carry (a plan published a moment
 * ago is known to the next command, whatever the read model's lag).
 */

const DAY_MS = 86_400_000;

export async function officeRef(writeSides: WriteSides, officeId: string): Promise<OfficeRef> {
  const { state } = await writeSides.of(officeWriteSide).fresh(officeStreamId(officeId));
  if (state.status === 'none') throw RoomsErrors.officeNotFound(officeId);
  return { officeId, timeZone: state.timeZone, archived: state.status === 'archived' };
}

export async function floorPlan(writeSides: WriteSides, officeId: string, floor: number): Promise<FloorPlanState> {
  return (await writeSides.of(floorPlanWriteSide).fresh(floorPlanStreamId(officeId, floor))).state;
}

/** The desk as its plan says now, with its office's zone around now (a desk-day is a local day of the office). */
export async function deskContext(writeSides: WriteSides, officeId: string, floor: number, deskId: string, now = Date.now()): Promise<DeskContext> {
  const [office, plan] = await Promise.all([officeRef(writeSides, officeId), floorPlan(writeSides, officeId, floor)]);
  if (plan.status === 'none') throw SeatingErrors.planNotFound(officeId, floor);
  const desk = plan.desks[deskId];
  return {
    officeId,
    floor,
    deskId,
    onPlan: desk !== undefined,
    kind: desk?.kind ?? 'hot',
    // Two weeks of bookings ahead and a day either side: every local date a booking may name, and its midnights.
    zone: zoneOffsetsFromIntl(office.timeZone, now - 2 * DAY_MS, now + 17 * DAY_MS),
  };
}
