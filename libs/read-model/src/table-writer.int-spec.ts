import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { MaximumRow, ReserveRow } from './auction/auction.rows';
import { DisplayRoomDayRow, DisplayRow } from './rooms/displays/displays.rows';
import { TableWriter } from './table-writer';

const [db] = testDatabases();

const maximum = (bid_no: number, over: Partial<MaximumRow> = {}): MaximumRow => ({
  lot_id: 'lot',
  bid_no,
  bidder_id: 'anna',
  maximum: String(1000 + bid_no),
  placed_at: new Date('2026-11-25T10:00:00.123Z'),
  outcome: 'leading',
  status: 'active',
  round: 1,
  ...over,
});

const display = (over: Partial<DisplayRow> = {}): DisplayRow => ({
  display_id: 'door',
  room_id: 'neva',
  label: 'Door',
  lang: 'ru',
  status: 'active',
  token_hash: 'a'.repeat(64),
  token_hint: 'aaaa',
  registered_at: '2026-11-25T10:00:00.123Z',
  registered_by: 'admin',
  token_rotated_at: null,
  retired_at: null,
  revision: '0',
  pos_commit: '10',
  pos_prepare: '10',
  ...over,
});

describe('table writer', () => {
  let scratch: ScratchStores;
  const tables = () => new TableWriter(scratch.ds.manager);

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 2);
  });
  afterAll(async () => {
    await scratch.close();
  });

  it('loads rows by key, in the types the entity declares (transformers applied)', async () => {
    const t = tables();
    await t.upsert(DisplayRow, [display(), display({ display_id: 'other' })]);
    const rows = await t.load(DisplayRow, ['door', 'missing']);
    expect(rows.get('missing')).toBeUndefined();
    expect(rows.get('door')).toEqual(display());
    expect(rows.changed()).toEqual([]);
    // composite keys, given in the order the entity declares them
    const state = { bookings: [] } as unknown as DisplayRoomDayRow['state'];
    const day = (date: string): DisplayRoomDayRow => ({ room_id: 'neva', date, state, version: 1, revision: '0', pos_commit: '1', pos_prepare: '1' });
    await t.upsert(DisplayRoomDayRow, [day('2026-11-25'), day('2026-11-26')]);
    const days = await t.load(DisplayRoomDayRow, [
      ['neva', '2026-11-26'],
      ['neva', '2026-11-27'],
    ]);
    expect(days.get(['neva', '2026-11-26'])).toEqual(day('2026-11-26'));
    expect(days.get(['neva', '2026-11-25'])).toBeUndefined();
  });

  it('upserts only newer rows with newerBy, in one statement for many rows', async () => {
    let statements = 0;
    const t = new TableWriter({ connection: scratch.ds, query: (sql, params) => (statements++, scratch.ds.query(sql, params)) });
    expect(await t.upsert(ReserveRow, [{ lot_id: 'a', reserve_price: '500', revision: '3' }])).toBe(1);
    // an older revision does not move the row back; a newer one replaces it
    expect(await t.upsert(ReserveRow, [{ lot_id: 'a', reserve_price: '100', revision: '2' }], { newerBy: 'revision' })).toBe(0);
    expect(await t.upsert(ReserveRow, [{ lot_id: 'a', reserve_price: '100', revision: '3' }], { newerBy: 'revision' })).toBe(0);
    expect(
      await t.upsert(
        ReserveRow,
        [
          { lot_id: 'a', reserve_price: null, revision: '4' },
          { lot_id: 'b', reserve_price: '7', revision: '0' },
        ],
        { newerBy: 'revision' },
      ),
    ).toBe(2);
    expect(statements).toBe(4);
    expect(await scratch.ds.query(`SELECT lot_id, reserve_price, revision FROM auction.reserves ORDER BY lot_id`)).toEqual([
      { lot_id: 'a', reserve_price: null, revision: '4' },
      { lot_id: 'b', reserve_price: '7', revision: '0' },
    ]);
  });

  it('inserts append-only rows once, updates by any columns, deletes by key', async () => {
    const t = tables();
    expect(await t.insertIgnore(MaximumRow, [maximum(1), maximum(2)])).toBe(2);
    expect(await t.insertIgnore(MaximumRow, [maximum(2, { maximum: '9' }), maximum(3)])).toBe(1);
    expect(await t.update(MaximumRow, [{ lot_id: 'lot', bid_no: 2, status: 'retracted' }], { by: ['lot_id', 'bid_no'] })).toBe(1);
    const stored = await t.load(MaximumRow, [
      ['lot', 1],
      ['lot', 2],
      ['lot', 3],
    ]);
    expect([1, 2, 3].map((n) => stored.get(['lot', n]))).toEqual([maximum(1), maximum(2, { status: 'retracted' }), maximum(3)]);
    expect(
      await t.delete(MaximumRow, [
        ['lot', 1],
        ['lot', 3],
        ['lot', 4],
      ]),
    ).toBe(2);
    expect(await scratch.ds.query(`SELECT bid_no FROM auction.maxima`)).toEqual([{ bid_no: 2 }]);
  });

  it('writes the tables of a redirected schema into the other schema', async () => {
    await scratch.ds.query(`CREATE SCHEMA displays__copy`);
    await scratch.ds.query(`CREATE TABLE displays__copy.displays (LIKE displays.displays INCLUDING ALL)`);
    const t = new TableWriter(scratch.ds.manager, { displays: 'displays__copy' });
    expect(t.name(DisplayRow)).toBe('displays__copy.displays');
    expect(t.name(ReserveRow)).toBe('auction.reserves');
    await t.upsert(DisplayRow, [display({ display_id: 'copied' })]);
    expect(await scratch.ds.query(`SELECT display_id FROM displays__copy.displays`)).toEqual([{ display_id: 'copied' }]);
    expect(await scratch.ds.query(`SELECT display_id FROM displays.displays WHERE display_id = 'copied'`)).toEqual([]);
  });
});
