import {
  CheckboxGroupInput,
  ChipField,
  Create,
  Datagrid,
  DateField,
  Edit,
  List,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  useRecordContext,
  ArrayInput,
  SimpleFormIterator,
} from 'react-admin';
import { Stack, Typography } from '@mui/material';
import { CommandButton } from './actions';

const ROLES = [
  { id: 'employee', name: 'Employee' },
  { id: 'admin', name: 'Admin' },
  { id: 'auditor', name: 'Auditor' },
];
const CLEARANCES = ['public', 'internal', 'confidential', 'secret'].map((id) => ({ id, name: id }));
const employeeFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name, e-mail or id" />,
  <SelectInput
    key="status"
    source="status"
    alwaysOn
    choices={[
      { id: 'active', name: 'Active' },
      { id: 'dismissed', name: 'Dismissed' },
    ]}
  />,
];

export const EmployeeList = () => (
  <List filters={employeeFilters} sort={{ field: 'fullName', order: 'ASC' }} perPage={10}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="employeeId" label="Id" />
      <TextField source="fullName" label="Name" />
      <TextField source="email" label="E-mail" />
      <TextField source="department" />
      <TextField source="office" />
      <TextField source="roles" sortable={false} />
      <ChipField source="status" sortable={false} />
      <DateField source="hiredAt" />
    </Datagrid>
  </List>
);

/** The fields of an employee record; the API checks them and its messages appear at the fields. */
const RecordInputs = () => (
  <>
    <TextInput source="fullName" label="Full name" fullWidth />
    <TextInput source="email" label="Corporate e-mail" fullWidth />
    <TextInput source="department" />
    <TextInput source="position" />
    <TextInput source="office" />
    <TextInput source="managerId" label="Line manager (employee id)" />
    <CheckboxGroupInput source="roles" choices={ROLES} />
    <SelectInput source="clearance" choices={CLEARANCES} />
    <ArrayInput source="projects">
      <SimpleFormIterator inline>
        <TextInput source="" label="Project code" />
      </SimpleFormIterator>
    </ArrayInput>
  </>
);

export const EmployeeCreate = () => (
  <Create redirect="list" title="Hire an employee">
    <SimpleForm defaultValues={{ roles: ['employee'], clearance: 'internal' }}>
      <TextInput source="employeeId" label="Employee id (optional)" />
      <RecordInputs />
    </SimpleForm>
  </Create>
);

const EmployeeActions = () => {
  const e = useRecordContext();
  if (!e) return null;
  const id = encodeURIComponent(String(e.id));
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        {e.status === 'active' && e.telegramUserId !== null && (
          <CommandButton
            label="Unbind Telegram"
            title={`Unbind ${e.fullName}'s Telegram account`}
            path={`/identity/employees/${id}/telegram/unbind`}
            fields={[{ name: 'comment', label: 'Comment (kept in the log)' }]}
            color="warning"
            done={() => 'Telegram unbound'}
          />
        )}
        {e.status === 'active' ? (
          <CommandButton
            label="Dismiss"
            title={`Dismiss ${e.fullName}`}
            path={`/identity/employees/${id}/dismiss`}
            fields={[{ name: 'reason', label: 'Reason (kept in the log)' }]}
            color="error"
            done={() => 'Dismissed: roles revoked, Telegram unbound, removal from the chats queued (offboarding report)'}
          >
            <Typography variant="body2" gutterBottom>
              Every role is revoked, Telegram unbound and sessions ended; the bot removes them from the chats it administers.
            </Typography>
          </CommandButton>
        ) : (
          <Typography variant="body2">Dismissed {e.dismissedAt ? new Date(e.dismissedAt).toLocaleString() : ''}</Typography>
        )}
      </Stack>
    </TopToolbar>
  );
};

export const EmployeeEdit = () => (
  <Edit mutationMode="pessimistic" actions={<EmployeeActions />}>
    <SimpleForm>
      <TextInput source="employeeId" label="Id" disabled />
      <RecordInputs />
    </SimpleForm>
  </Edit>
);
