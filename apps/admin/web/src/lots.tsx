import {
  ArrayField,
  ChipField,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { Stack, Typography } from '@mui/material';
import { CommandButton } from './actions';

const KINDS = [
  { id: 'parking_spot', name: 'Parking spot' },
  { id: 'hardware', name: 'Hardware' },
  { id: 'own_lot', name: "Employee's own lot" },
];
const STATUSES = [
  { id: 'open', name: 'Open' },
  { id: 'closed', name: 'Closed' },
  { id: 'cancelled', name: 'Cancelled' },
];

export const money = (minor: number | null | undefined, currency = 'RUB') =>
  minor === null || minor === undefined ? '—' : new Intl.NumberFormat('ru-RU', { style: 'currency', currency }).format(minor / 100);

const lotFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Title or lot id" />,
  <SelectInput key="status" source="status" choices={STATUSES} alwaysOn />,
  <SelectInput key="kind" source="kind" choices={KINDS} />,
];

export const LotList = () => (
  <List filters={lotFilters} sort={{ field: 'closesAt', order: 'ASC' }} perPage={10}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="lotId" label="Lot" />
      <TextField source="title" />
      <TextField source="kind" sortable={false} />
      <ChipField source="status" sortable={false} />
      <TextField source="sellerId" label="Seller" sortable={false} />
      <FunctionField label="Price" sortBy="currentPrice" render={(r: any) => money(r.currentPrice ?? r.startingPrice, r.currency)} />
      <NumberField source="bidCount" label="Bids" />
      <DateField source="closesAt" showTime />
    </Datagrid>
  </List>
);

const LotActions = () => {
  const lot = useRecordContext();
  if (!lot) return null;
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        <Link to={`/audit/${encodeURIComponent(String(lot.id))}`}>Event history</Link>
        {lot.status === 'open' && (
          <>
            <CommandButton
              label="Void a bid"
              title={`Void a bid on ${lot.title}`}
              path={`/auctions/${encodeURIComponent(String(lot.id))}/bids/{bidNo}/void`}
              caughtUp={(position) => `/auctions/${encodeURIComponent(String(lot.id))}?waitFor=${encodeURIComponent(position)}`}
              fields={[
                { name: 'bidNo', label: 'Bid number', type: 'number', required: true },
                { name: 'reason', label: 'Reason (kept in the log)', required: true },
              ]}
              color="warning"
              done={() => 'The bid is void'}
            />
            <CommandButton
              label="Cancel lot"
              title={`Cancel ${lot.title}`}
              path={`/auctions/${encodeURIComponent(String(lot.id))}/cancel`}
              caughtUp={(position) => `/auctions/${encodeURIComponent(String(lot.id))}?waitFor=${encodeURIComponent(position)}`}
              fields={[{ name: 'reason', label: 'Reason (kept in the log)', required: true }]}
              color="error"
              done={() => 'The lot is cancelled'}
            />
          </>
        )}
      </Stack>
    </TopToolbar>
  );
};

export const LotShow = () => (
  <Show actions={<LotActions />}>
    <SimpleShowLayout>
      <TextField source="lotId" label="Lot" />
      <TextField source="title" />
      <TextField source="description" />
      <TextField source="kind" />
      <ChipField source="status" />
      <TextField source="sellerId" label="Seller" />
      <FunctionField label="Starting price" render={(r: any) => money(r.startingPrice, r.currency)} />
      <FunctionField label="Current price" render={(r: any) => money(r.currentPrice, r.currency)} />
      <FunctionField label="Reserve" render={(r: any) => (r.reservePrice === null ? r.reserve : `${money(r.reservePrice, r.currency)} (${r.reserve})`)} />
      <TextField source="leaderId" label="Leader" emptyText="—" />
      <DateField source="closesAt" showTime />
      <ArrayField source="bids">
        <Datagrid bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">No bids</Typography>}>
          <NumberField source="bidNo" label="Bid no." />
          <TextField source="bidderId" label="Bidder" />
          <FunctionField label="Amount" render={(b: any) => money(b.amount)} />
          <DateField source="placedAt" showTime />
          <ChipField source="status" />
        </Datagrid>
      </ArrayField>
    </SimpleShowLayout>
  </Show>
);
