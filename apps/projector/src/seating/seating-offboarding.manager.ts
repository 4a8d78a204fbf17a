import type { FloorPlanEvent } from '@megabot/contracts';
import { DomainError, floorPlanWriteSide, type FloorPlanCommand, type FloorPlanState } from '@megabot/domain';
import { StreamCommandProcessor, type EventStore } from '@megabot/event-store';
import type { DataSource } from 'typeorm';
import { PollingManager, type PollingOptions } from '../polling-manager';

/**
 * Seating offboarding: a desk assigned to an employee the directory shows
 * as dismissed is given back (ReleaseDismissedDesk on its plan stream), so
 * admins can assign it again and the plan shows it vacant. The command id
 * is derived from the desk and the employee, and the decider leaves a desk
 * that is no longer theirs alone: a repeat changes nothing.
 */
export class SeatingOffboardingManager extends PollingManager {
  readonly name = 'seating-offboarding';
  private readonly plans: StreamCommandProcessor<FloorPlanCommand, FloorPlanEvent, FloorPlanState>;

  constructor(
    store: EventStore,
    private readonly ds: DataSource,
    options: PollingOptions = {},
  ) {
    super({ pollMs: 5_000, ...options });
    this.plans = new StreamCommandProcessor(store, floorPlanWriteSide, { clock: this.clock });
  }

  async tick(): Promise<{ released: number }> {
    const rows: { office_id: string; floor: number; desk_id: string; assignee_id: string }[] = await this.ds.query(
      `SELECT d.office_id, d.floor, d.desk_id, d.assignee_id FROM seating.desks d
       JOIN directory.employees e ON e.employee_id = d.assignee_id
       WHERE e.status = 'dismissed' ORDER BY d.office_id, d.floor, d.desk_id LIMIT $1`,
      [this.batchSize],
    );
    let released = 0;
    for (const r of rows) {
      const command = {
        type: 'ReleaseDismissedDesk' as const,
        officeId: r.office_id,
        floor: r.floor,
        deskId: r.desk_id,
        employeeId: r.assignee_id,
        by: this.name,
      };
      try {
        const outcome = await this.plans.execute(command, {
          commandId: `seating-dismissed-${r.office_id}-${r.floor}-${r.desk_id}-${r.assignee_id}`,
          actorId: this.name,
        });
        if (outcome.events.length) released++;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        this.options.log?.(`desk ${r.desk_id} of ${r.assignee_id}: ${e.message}`);
      }
    }
    return { released };
  }
}
