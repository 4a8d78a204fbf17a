import {
  BooleanField,
  BooleanInput,
  ChipField,
  Create,
  Datagrid,
  Edit,
  List,
  NumberField,
  NumberInput,
  SearchInput,
  SimpleForm,
  TextField,
  TextInput,
} from 'react-admin';

const search = [<SearchInput key="q" source="q" alwaysOn />];

export const OfficeList = () => (
  <List filters={search} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="officeId" label="Id" />
      <TextField source="name" />
      <TextField source="address" />
      <TextField source="timeZone" />
      <NumberField source="roomCount" label="Rooms" />
      <ChipField source="status" />
    </Datagrid>
  </List>
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
    <SimpleForm>
      <TextInput source="officeId" label="Id" disabled />
      <TextInput source="name" />
      <TextInput source="address" fullWidth />
      <TextInput source="timeZone" />
    </SimpleForm>
  </Edit>
);

const roomFilters = [<SearchInput key="q" source="q" alwaysOn />, <TextInput key="officeId" source="officeId" label="Office id" alwaysOn />];

export const RoomList = () => (
  <List filters={roomFilters} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
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
  </List>
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

export const RoomEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm>
      <TextInput source="roomId" label="Id" disabled />
      <TextInput source="name" />
      <NumberInput source="floor" />
      <NumberInput source="capacity" />
      <NumberInput source="bufferMinutes" label="Buffer between bookings, minutes" />
      <NumberInput source="checkInWindowMinutes" label="Check-in window, minutes" />
      <BooleanInput source="privacy" label="Private (titles hidden)" />
      <BooleanInput source="autoRelease" label="Release when nobody checks in" />
    </SimpleForm>
  </Edit>
);
