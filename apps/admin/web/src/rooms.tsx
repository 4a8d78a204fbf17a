import {
  BooleanField,
  BooleanInput,
  CheckboxGroupInput,
  ChipField,
  Create,
  Datagrid,
  Edit,
  NumberField,
  NumberInput,
  SearchInput,
  SimpleForm,
  TextField,
  TextInput,
  useTranslate,
} from 'react-admin';
import { Stack, Typography } from '@mui/material';
import { SaveOnlyToolbar } from './actions';
import { LiveList } from './live';

const search = [<SearchInput key="q" source="q" alwaysOn />];

export const OfficeList = () => (
  <LiveList projection="rooms" filters={search} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="officeId" label="Id" />
      <TextField source="name" />
      <TextField source="address" />
      <TextField source="timeZone" />
      <NumberField source="roomCount" label="Rooms" />
      <ChipField source="status" />
    </Datagrid>
  </LiveList>
);

export const OfficeCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <TextInput source="officeId" label="Id" />
      <TextInput source="name" />
      <TextInput source="address" fullWidth />
      <TextInput source="timeZone" defaultValue="Europe/Moscow" />
    </SimpleForm>
  </Create>
);

export const OfficeEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm toolbar={<SaveOnlyToolbar />}>
      <TextInput source="officeId" label="Id" disabled />
      <TextInput source="name" />
      <TextInput source="address" fullWidth />
      <TextInput source="timeZone" />
    </SimpleForm>
  </Edit>
);

const roomFilters = [<SearchInput key="q" source="q" alwaysOn />, <TextInput key="officeId" source="officeId" label="Office id" alwaysOn />];

export const RoomList = () => (
  <LiveList projection="rooms" filters={roomFilters} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="roomId" label="Id" />
      <TextField source="name" />
      <TextField source="officeId" label="Office" />
      <NumberField source="floor" />
      <NumberField source="capacity" />
      <NumberField source="bufferMinutes" label="Buffer, min" />
      <BooleanField source="privacy" />
      <ChipField source="status" />
    </Datagrid>
  </LiveList>
);

export const RoomCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <TextInput source="officeId" label="Office id" />
      <TextInput source="roomId" label="Room id" />
      <TextInput source="name" />
      <NumberInput source="floor" />
      <NumberInput source="capacity" />
      <BooleanInput source="privacy" />
    </SimpleForm>
  </Create>
);

export const RoomEdit = () => {
  const t = useTranslate();
  return (
    <Edit mutationMode="pessimistic">
      <SimpleForm toolbar={<SaveOnlyToolbar />}>
        <TextInput source="roomId" label="Id" disabled />
        <TextInput source="name" />
        <NumberInput source="floor" />
        <NumberInput source="capacity" />
        <NumberInput source="bufferMinutes" label="Buffer between bookings, minutes" />
        <NumberInput source="checkInWindowMinutes" label="Check-in window, minutes" />
        <BooleanInput source="privacy" label="Private (titles hidden)" />
        <BooleanInput source="autoRelease" label="Release when nobody checks in" />
        <TextInput source="timeZone" label="Time zone" />
        <Typography variant="subtitle1">{t('Working hours')}</Typography>
        <CheckboxGroupInput source="workingHours.days" label="Days" choices={WEEKDAYS} parse={(days: number[]) => [...days].sort((a, b) => a - b)} />
        <Stack direction="row" spacing={2}>
          <TextInput source="workingHours.from" label="Opens (HH:MM)" />
          <TextInput source="workingHours.to" label="Closes (HH:MM, 24:00)" />
        </Stack>
        <Typography variant="subtitle1">{t('Booking policy')}</Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <NumberInput source="policy.minDurationMinutes" label="Shortest booking, min" />
          <NumberInput source="policy.maxDurationMinutes" label="Longest booking, min" />
          <NumberInput source="policy.maxDaysAhead" label="Days ahead" />
          <NumberInput source="policy.maxSeriesDaysAhead" label="Series days ahead" />
          <NumberInput source="policy.maxBookingsPerDay" label="Bookings per person a day" />
        </Stack>
      </SimpleForm>
    </Edit>
  );
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((name, i) => ({ id: i + 1, name }));
