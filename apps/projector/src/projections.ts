import type { DataSource } from 'typeorm';
import type { EventStore } from '@megabot/event-store';
import { AuctionProjection } from './auction/auction.projection';
import { AuctionClosingManager } from './auction/closing/auction-closing.manager';
import { IdentityProjection } from './identity/identity.projection';
import { CodeMailReactor } from './identity/mail/code-mail.reactor';
import { OffboardingManager } from './identity/offboarding/offboarding.manager';
import type { ProcessManager } from './process-manager';
import type { Projection } from './projection';
import { DisplayScheduleProjection } from './rooms/displays/display-schedule.projection';
import { RoomsReleaseManager } from './rooms/rooms-release.manager';
import { RoomsReminderManager } from './rooms/rooms-reminder.manager';
import { RoomsProjection } from './rooms/rooms.projection';
import { SeriesAttendanceManager } from './rooms/series-attendance.manager';

/** Every projection this app runs, by name (the name used by `projections:rebuild`). */
export function allProjections(): Projection[] {
  return [new AuctionProjection(), new IdentityProjection(), new DisplayScheduleProjection(), new RoomsProjection()];
}

export type { ProcessManager } from './process-manager';

export interface ProcessManagerDeps {
  store: EventStore;
  ds: DataSource;
  log?: (message: string) => void;
}

/** Every process manager this app runs. */
export function allProcessManagers({ store, ds, log }: ProcessManagerDeps): ProcessManager[] {
  return [
    new AuctionClosingManager(store, ds, { log }),
    new OffboardingManager(store, ds, { log }),
    new CodeMailReactor(store, ds, { log }),
    new RoomsReleaseManager(store, ds, { log }),
    new SeriesAttendanceManager(store, ds, { log }),
    new RoomsReminderManager(ds, { log }),
  ];
}
