import type { ReserveRow } from './auction/auction.rows';
import { RowSet } from './table-writer';

const reserve = (lot_id: string, reserve_price: string | null, revision: string): ReserveRow => ({ lot_id, reserve_price, revision });

describe('row set', () => {
  it('tracks what a batch set and deleted, keyed like the table (numbers equal their text)', () => {
    const rows = new RowSet<ReserveRow>(['lot_id'], [reserve('1', null, '0')]);
    expect(rows.get(1)).toEqual(reserve('1', null, '0'));
    rows.set(reserve('2', '5', '0'));
    rows.set(reserve('1', '9', '1'));
    rows.delete('2');
    expect(rows.changed()).toEqual([reserve('1', '9', '1')]);
    expect(rows.deleted()).toEqual(['2']);
    rows.set(reserve('2', '6', '1'));
    expect(rows.deleted()).toEqual([]);
    expect(rows.changed().map((r) => r.lot_id)).toEqual(['1', '2']);
  });

  it('folds an event into its row: a changed row is set, a dropped row deleted, an unchanged one left alone', () => {
    const stored = reserve('1', '5', '0');
    const rows = new RowSet<ReserveRow>(['lot_id'], [stored]);
    const evolve = (row: ReserveRow | undefined, price: string | null | 'same') =>
      price === 'same' ? row : price === null ? undefined : reserve('1', price, '1');
    expect(rows.fold('1', 'same', evolve)).toEqual({ before: stored, after: stored });
    expect(rows.changed()).toEqual([]);
    expect(rows.fold('1', '7', evolve)).toEqual({ before: stored, after: reserve('1', '7', '1') });
    expect(rows.changed()).toEqual([reserve('1', '7', '1')]);
    rows.fold('1', null, evolve);
    expect([rows.get('1'), rows.changed(), rows.deleted()]).toEqual([undefined, [], ['1']]);
  });
});
