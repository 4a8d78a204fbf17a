import { BooleanField, BooleanInput, Datagrid, DateField, Edit, FunctionField, List, SearchInput, SimpleForm, TextField, TextInput } from 'react-admin';

const rules = (m: Record<string, boolean> | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k}: ${v ? 'on' : 'off'}`)
    .join(', ') || '—';

export const SwitchList = () => (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="description" />
      <BooleanField source="all" label="For everyone" />
      <FunctionField label="Roles" render={(r: any) => rules(r.roles)} />
      <FunctionField label="Employees" render={(r: any) => rules(r.users)} />
      <FunctionField label="App versions" render={(r: any) => rules(r.appVersions)} />
      <DateField source="updatedAt" showTime />
      <TextField source="updatedBy" />
    </Datagrid>
  </List>
);

export const SwitchEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm>
      <TextInput source="name" disabled />
      <TextInput source="description" fullWidth />
      <BooleanInput source="all" label="On for everyone without a more specific rule" />
    </SimpleForm>
  </Edit>
);
