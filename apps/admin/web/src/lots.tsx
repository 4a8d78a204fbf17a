import {
  ArrayField,
  ArrayInput,
  ChipField,
  Create,
  CreateButton,
  Datagrid,
  DateField,
  DateInput,
  DateTimeInput,
  ExportButton,
  FormDataConsumer,
  FunctionField,
  NumberField,
  NumberInput,
  required,
  SearchInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { Box, Stack, Typography } from '@mui/material';
import { CommandButton } from './actions';
import { LiveList, LiveShow } from './live';

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

const LotFilters = () => {
  const t = useTranslate();
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={t('Title or lot id')} />,
    <SelectInput key="status" source="status" choices={STATUSES} alwaysOn />,
    <SelectInput key="kind" source="kind" choices={KINDS} />,
  ];
};

const LotListActions = () => (
  <TopToolbar>
    <CreateButton label="New company lot" />
    <ExportButton />
  </TopToolbar>
);

export const LotList = () => (
  <LiveList projection="auction" filters={LotFilters()} sort={{ field: 'closesAt', order: 'ASC' }} perPage={10} actions={<LotListActions />}>
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
  </LiveList>
);

const LotActions = () => {
  const lot = useRecordContext();
  const t = useTranslate();
  if (!lot) return null;
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        <Link to={`/audit/${encodeURIComponent(String(lot.id))}`}>{t('Event history')}</Link>
        {lot.status === 'closed' && lot.outcome === 'not_sold' && (
          <CommandButton
            label="Relist"
            title={t('List %{title} again', { title: lot.title })}
            path={`/auctions/${encodeURIComponent(String(lot.id))}/relist`}
            caughtUp={(position) => `/auctions/${encodeURIComponent(String(lot.id))}?waitFor=${encodeURIComponent(position)}`}
            fields={[
              { name: 'closesAt', label: 'Closes at', type: 'datetime-local', required: true },
              { name: 'startingPrice', label: 'New starting price, ₽ (empty: unchanged)', type: 'money' },
            ]}
            done={() => 'The lot is open again'}
          />
        )}
        {lot.status === 'open' && (
          <>
            <CommandButton
              label="Void a bid"
              title={t('Void a bid on %{title}', { title: lot.title })}
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
              title={t('Cancel %{title}', { title: lot.title })}
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

export const LotShow = () => {
  const t = useTranslate();
  return (
    <LiveShow projection="auction" actions={<LotActions />}>
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
        <FunctionField label="Buy now" render={(r: any) => money(r.buyNowPrice, r.currency)} />
        <FunctionField label="Seller's minimum step" render={(r: any) => money(r.minIncrement, r.currency)} />
        <FunctionField
          label="Details"
          render={(r: any) =>
            Object.entries(r.details ?? {})
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ') || '—'
          }
        />
        <FunctionField label="Soft close" render={(r: any) => t('%{used} of %{most} extensions', { used: r.extensions, most: r.maxExtensions })} />
        <TextField source="leaderId" label="Leader" emptyText="—" />
        <DateField source="closesAt" showTime />
        <FunctionField label="Price over time" render={(r: any) => <PriceChart lot={r} />} />
        <ArrayField source="bids">
          <Datagrid bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">{t('No bids')}</Typography>}>
            <NumberField source="bidNo" label="Bid no." />
            <TextField source="bidderId" label="Bidder" />
            <FunctionField label="Amount" render={(b: any) => money(b.amount)} />
            <DateField source="placedAt" showTime />
            <ChipField source="status" />
          </Datagrid>
        </ArrayField>
      </SimpleShowLayout>
    </LiveShow>
  );
};

interface ChartBid {
  amount: number;
  placedAt: string;
  status: string;
}

/**
 * The visible price from the opening to now (or the close): a step line over the active bids of the listing, drawn
 * as plain SVG (a chart library is not worth its weight for one line).
 */
export function PriceChart({
  lot,
}: {
  lot: { openedAt: string; closesAt: string; closedAt: string | null; startingPrice: number; currency: string; bids: ChartBid[] };
}) {
  const t = useTranslate();
  const W = 560;
  const H = 180;
  const PAD = { left: 72, right: 12, top: 12, bottom: 28 };
  // the record just created (react-admin's cache, until the lot is read back) has no history yet
  if (!lot.openedAt || !lot.bids) return null;
  const start = Date.parse(lot.openedAt);
  const bids = lot.bids.filter((b) => b.status === 'active').sort((a, b) => a.placedAt.localeCompare(b.placedAt));
  const points = [{ t: start, price: lot.startingPrice }, ...bids.map((b) => ({ t: Date.parse(b.placedAt), price: b.amount }))];
  const end = Math.max(Math.min(Date.parse(lot.closedAt ?? lot.closesAt), Date.now()), points[points.length - 1].t + 1);
  const top = Math.max(...points.map((p) => p.price));
  const bottom = Math.min(...points.map((p) => p.price));
  const span = Math.max(1, top - bottom);
  const x = (t: number) => PAD.left + ((t - start) / Math.max(1, end - start)) * (W - PAD.left - PAD.right);
  const y = (price: number) => H - PAD.bottom - ((price - bottom) / span) * (H - PAD.top - PAD.bottom);
  // a step: the price holds until the next bid moves it
  const path = points.map((p, i) => (i === 0 ? `M${x(p.t)},${y(p.price)}` : `H${x(p.t)}V${y(p.price)}`)).join('') + `H${x(end)}`;
  const label = t('Price over time: from %{from} to %{to} in %{bids} bids', {
    from: money(lot.startingPrice, lot.currency),
    to: money(points[points.length - 1].price, lot.currency),
    bids: bids.length,
  });
  return (
    <Box component="figure" sx={{ m: 0 }}>
      <svg width="100%" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-points={points.length} style={{ maxWidth: W }}>
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} stroke="#9e9e9e" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} stroke="#9e9e9e" />
        <text x={PAD.left - 6} y={y(top) + 4} textAnchor="end" fontSize="11" fill="#424242">
          {money(top, lot.currency)}
        </text>
        {top !== bottom && (
          <text x={PAD.left - 6} y={y(bottom) + 4} textAnchor="end" fontSize="11" fill="#424242">
            {money(bottom, lot.currency)}
          </text>
        )}
        <text x={PAD.left} y={H - 8} fontSize="11" fill="#424242">
          {new Date(start).toLocaleString()}
        </text>
        <text x={W - PAD.right} y={H - 8} fontSize="11" fill="#424242" textAnchor="end">
          {new Date(end).toLocaleString()}
        </text>
        <path d={path} fill="none" stroke="#1565c0" strokeWidth="2" />
        {points.map((p, i) => (
          <circle key={i} cx={x(p.t)} cy={y(p.price)} r="3.5" fill="#1565c0">
            <title>{t('%{price} at %{time}', { price: money(p.price, lot.currency), time: new Date(p.t).toLocaleString() })}</title>
          </circle>
        ))}
      </svg>
      <Typography component="figcaption" variant="caption" color="text.secondary">
        {label}
      </Typography>
    </Box>
  );
}

const CONDITIONS = ['new', 'good', 'fair', 'poor'].map((c) => ({ id: c, name: c }));

/** Roubles as entered, minor units as the API takes them. */
const kopecks = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : Math.round(Number(v) * 100));

/** Drops what the form left empty, so the API applies its defaults (an empty rule is no override). */
function pruned(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(pruned).filter((i) => i !== undefined);
    return items.length ? items : undefined;
  }
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const entries = Object.entries(v).flatMap(([k, x]) => {
      const p = pruned(x);
      return p === undefined ? [] : [[k, p]];
    });
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v === null || v === '' ? undefined : v;
}

/** The form as the API's OpenLot body: prices to minor units, the details of the chosen kind only, empty rules left out. */
export function openLotBody(form: Record<string, any>): Record<string, unknown> {
  const details: Record<string, unknown> = form.details ?? {};
  const kindDetails =
    form.kind === 'parking_spot'
      ? { spotNumber: details.spotNumber, periodFrom: details.periodFrom, periodTo: details.periodTo }
      : form.kind === 'hardware'
        ? { inventoryTag: details.inventoryTag, condition: details.condition }
        : {};
  const rules = form.rules ?? {};
  return (pruned({
    lotId: form.lotId,
    kind: form.kind,
    title: form.title,
    description: form.description,
    sellerId: form.sellerId,
    closesAt: form.closesAt ? new Date(form.closesAt).toISOString() : undefined,
    startingPrice: kopecks(form.startingPrice),
    minIncrement: kopecks(form.minIncrement),
    reservePrice: kopecks(form.reservePrice),
    buyNowPrice: kopecks(form.buyNowPrice),
    delegates: typeof form.delegates === 'string' ? form.delegates.split(/[\s,]+/).filter(Boolean) : undefined,
    details: kindDetails,
    rules: {
      incrementTiers: (rules.incrementTiers ?? []).map((t: Record<string, unknown>) => ({ from: kopecks(t.from), increment: kopecks(t.increment) })),
      softClose: rules.softClose,
      retraction: rules.retraction,
    },
  }) ?? {}) as Record<string, unknown>;
}

/**
 * A company lot with every rule the auction knows: reserve, buy-now, the seller's own step, increment tiers, soft
 * close, retraction window, delegates. Prices in roubles; the API's refusals appear at the fields they name.
 */
export const LotCreate = () => {
  const t = useTranslate();
  return (
    <Create redirect="show" transform={openLotBody} title="New company lot">
      <SimpleForm defaultValues={{ kind: 'parking_spot' }}>
        <Typography variant="subtitle1">{t('The lot')}</Typography>
        <SelectInput source="kind" choices={KINDS} validate={required()} />
        <TextInput source="lotId" label="Lot id (optional)" helperText="Empty: one is made up" />
        <TextInput source="title" validate={required()} fullWidth />
        <TextInput source="description" multiline fullWidth />
        <FormDataConsumer>
          {({ formData }) =>
            formData.kind === 'parking_spot' ? (
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <TextInput source="details.spotNumber" label="Spot number" />
                <DateInput source="details.periodFrom" label="Period from" />
                <DateInput source="details.periodTo" label="Period to" />
              </Stack>
            ) : formData.kind === 'hardware' ? (
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <TextInput source="details.inventoryTag" label="Inventory tag" />
                <SelectInput source="details.condition" label="Condition" choices={CONDITIONS} />
              </Stack>
            ) : null
          }
        </FormDataConsumer>
        <TextInput source="sellerId" label="Seller (employee id; empty: you)" />
        <TextInput source="delegates" label="Delegates (employee ids, comma separated)" helperText="They act for the seller and may not bid" fullWidth />
        <DateTimeInput source="closesAt" label="Closes at" validate={required()} />
        <Typography variant="subtitle1">{t('Prices, ₽')}</Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <NumberInput source="startingPrice" label="Starting price" validate={required()} />
          <NumberInput source="minIncrement" label="Seller's own minimum step" />
          <NumberInput source="reservePrice" label="Reserve (hidden)" />
          <NumberInput source="buyNowPrice" label="Buy now" />
        </Stack>
        <Typography variant="subtitle1">{t('Rules (empty: the defaults)')}</Typography>
        <ArrayInput source="rules.incrementTiers" label="Increment tiers">
          <SimpleFormIterator inline>
            <NumberInput source="from" label="From price, ₽" />
            <NumberInput source="increment" label="Minimum increment, ₽" />
          </SimpleFormIterator>
        </ArrayInput>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <NumberInput source="rules.softClose.windowMinutes" label="Soft close window, min" />
          <NumberInput source="rules.softClose.extensionMinutes" label="Extension, min" />
          <NumberInput source="rules.softClose.maxExtensions" label="Most extensions (0: none)" />
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <NumberInput source="rules.retraction.windowMinutes" label="Retraction window, min" />
          <NumberInput source="rules.retraction.lockBeforeCloseMinutes" label="No retraction before close, min" />
        </Stack>
      </SimpleForm>
    </Create>
  );
};
