import { eventStoreContract } from '../event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const url = process.env.EVENTSTORE_URL;

if (!url) {
  // EventStoreDB cannot run on this machine; docker-compose.yml starts one.
  console.log('[tests] EVENTSTORE_URL is not set: the EventStoreDB adapter contract suite is SKIPPED');
  describe.skip('EventStoreDbEventStore (skipped: EVENTSTORE_URL not set)', () => {
    it('contract', () => undefined);
  });
} else {
  describe('EventStoreDbEventStore contract', () => {
    eventStoreContract(
      async () => new EventStoreDbEventStore(url),
      (s) => s.close(),
    );
  });
}
