import {
  BooleanField,
  ChipField,
  Create,
  Datagrid,
  DateField,
  FunctionField,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Stack } from '@mui/material';
import { CommandButton } from './actions';
import { LiveList } from './live';

const DisplayFilters = () => {
  const t = useTranslate();
  return [<SearchInput key="q" source="q" alwaysOn placeholder={t('Display, room or label')} />];
};
const battery = (r: any) => (r.telemetry?.batteryMv ? `${(r.telemetry.batteryMv / 1000).toFixed(2)} V` : '—');

export const DisplayList = () => {
  const t = useTranslate();
  return (
    <LiveList projection="displays" filters={DisplayFilters()} sort={{ field: 'roomId', order: 'ASC' }} perPage={25}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="displayId" label="Display" />
        <TextField source="roomName" label="Room" />
        <TextField source="label" />
        <ChipField source="status" />
        <FunctionField label="Last seen" render={(r: any) => (r.telemetry ? new Date(r.telemetry.lastSeenAt).toLocaleString() : t('never'))} />
        <FunctionField label="Battery" render={battery} />
        <FunctionField label="Signal" render={(r: any) => (r.telemetry?.rssi != null ? `${r.telemetry.rssi} dBm` : '—')} />
        <FunctionField label="Firmware" render={(r: any) => r.telemetry?.firmware ?? '—'} />
        <BooleanField source="stale" label="Stale" />
        <BooleanField source="lowBattery" label="Low battery" />
      </Datagrid>
    </LiveList>
  );
};

const DisplayActions = () => {
  const d = useRecordContext();
  const t = useTranslate();
  if (!d || d.status !== 'active') return null;
  const id = encodeURIComponent(String(d.id));
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        <CommandButton
          label="Rotate token"
          title="Rotate the display's token"
          path={`/displays/${id}/rotate-token`}
          caughtUp={(position) => `/displays?waitFor=${encodeURIComponent(position)}`}
          fields={[]}
          done={(r) => t('New token (shown once, put it on the device): %{token}', { token: r.token })}
        />
        <CommandButton
          label="Retire"
          title="Retire the display"
          path={`/displays/${id}/retire`}
          caughtUp={(position) => `/displays?waitFor=${encodeURIComponent(position)}`}
          fields={[{ name: 'reason', label: 'Reason' }]}
          color="error"
          done={() => 'Retired'}
        />
      </Stack>
    </TopToolbar>
  );
};

export const DisplayShow = () => {
  const t = useTranslate();
  return (
    <Show actions={<DisplayActions />}>
      <SimpleShowLayout>
        <TextField source="displayId" label="Display" />
        <TextField source="roomName" label="Room" />
        <TextField source="label" />
        <ChipField source="status" />
        <TextField source="tokenHint" label="Token ends with" />
        <DateField source="registeredAt" showTime />
        <FunctionField label="Battery" render={battery} />
        <FunctionField label="Firmware" render={(r: any) => r.telemetry?.firmware ?? '—'} />
        <FunctionField
          label="What the door shows now"
          render={(r: any) => (
            <img
              src={`./api/displays/${encodeURIComponent(r.id)}/preview.png`}
              alt={t('The door display of %{room}, as the panel draws it', { room: r.roomName ?? r.roomId })}
              style={{ maxWidth: '100%', border: '1px solid #ccd', imageRendering: 'pixelated' }}
            />
          )}
        />
      </SimpleShowLayout>
    </Show>
  );
};

export const DisplayCreate = () => {
  const notify = useNotify();
  return (
    <Create
      title="Register a door display"
      redirect="show"
      mutationOptions={{
        onSuccess: (d: any) =>
          notify("Registered. The device's token (shown once): %{token}", { type: 'success', autoHideDuration: 60_000, messageArgs: { token: d.token } }),
      }}
    >
      <SimpleForm>
        <TextInput source="roomId" label="Room id" />
        <TextInput source="displayId" label="Display id (optional)" />
        <TextInput source="label" />
        <SelectInput
          source="lang"
          choices={[
            { id: 'ru', name: 'Russian' },
            { id: 'en', name: 'English' },
          ]}
        />
      </SimpleForm>
    </Create>
  );
};
