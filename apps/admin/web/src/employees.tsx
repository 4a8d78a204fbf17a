import {
  ArrayInput,
  Button as RaButton,
  CheckboxGroupInput,
  Create,
  CreateButton,
  Datagrid,
  DateField,
  Edit,
  FunctionField,
  SearchInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  SaveButton,
  Toolbar,
  SimpleList,
  TextField,
  TextInput,
  TopToolbar,
  useRecordContext,
  useRedirect,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { Chip, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { CommandButton } from './actions';
import { LiveList } from './live';

const ROLES = [
  { id: 'employee', name: 'Employee' },
  { id: 'admin', name: 'Admin' },
  { id: 'auditor', name: 'Auditor' },
];
const CLEARANCES = ['public', 'internal', 'confidential', 'secret'].map((id) => ({ id, name: id }));

const EmployeeFilters = () => {
  const t = useTranslate();
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={t('Name, e-mail or id')} />,
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
};

const ListActions = () => (
  <TopToolbar>
    <CreateButton />
    <RaButton component={Link} to="/employees/import" label="Import CSV">
      <UploadFileIcon />
    </RaButton>
  </TopToolbar>
);

/**
 * Searched, filtered, sorted and paged by the API, following the identity read side (a hire in the bot or an import
 * appears without a reload); a phone gets one line per employee instead of the table.
 */
export const EmployeeList = () => {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const t = useTranslate();
  return (
    <LiveList projection="identity" filters={EmployeeFilters()} actions={<ListActions />} sort={{ field: 'fullName', order: 'ASC' }} perPage={10}>
      {narrow ? (
        <SimpleList primaryText={(e) => e.fullName} secondaryText={(e) => `${e.email} · ${e.department}`} tertiaryText={(e) => t(e.status)} linkType="edit" />
      ) : (
        <Datagrid rowClick="edit" bulkActionButtons={false}>
          <TextField source="employeeId" label="Id" />
          <TextField source="fullName" label="Name" />
          <TextField source="email" label="E-mail" />
          <TextField source="department" />
          <TextField source="office" />
          <TextField source="roles" sortable={false} />
          <FunctionField source="status" sortable={false} render={(e: RaRecord) => <Chip size="small" label={t(e.status)} />} />
          <DateField source="hiredAt" />
        </Datagrid>
      )}
    </LiveList>
  );
};

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

/** A rehire gives the whole record again (it may have changed while they were away); the dialog starts from the old one. */
const REHIRE_FIELDS = [
  { name: 'fullName', label: 'Full name', required: true },
  { name: 'email', label: 'Corporate e-mail', required: true },
  { name: 'department', label: 'Department', required: true },
  { name: 'position', label: 'Position', required: true },
  { name: 'office', label: 'Office', required: true },
  { name: 'managerId', label: 'Line manager (employee id)' },
];

const EmployeeActions = () => {
  const e = useRecordContext();
  const t = useTranslate();
  const redirect = useRedirect();
  if (!e) return null;
  const id = encodeURIComponent(String(e.id));
  const initial = Object.fromEntries(REHIRE_FIELDS.map((f) => [f.name, String(e[f.name] ?? '')]));
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'flex-end' }}>
        <RaButton component={Link} to={`/tokens?filter=${encodeURIComponent(JSON.stringify({ employeeId: e.id }))}`} label="Access tokens" />
        {e.status === 'active' && e.telegramUserId !== null && (
          <CommandButton
            label="Unbind Telegram"
            title={t("Unbind %{name}'s Telegram account", { name: e.fullName })}
            path={`/identity/employees/${id}/telegram/unbind`}
            fields={[{ name: 'comment', label: 'Comment (kept in the log)' }]}
            color="warning"
            done={() => 'Telegram unbound'}
          />
        )}
        {e.status === 'active' ? (
          <CommandButton
            label="Dismiss"
            title={t('Dismiss %{name}', { name: e.fullName })}
            path={`/identity/employees/${id}/dismiss`}
            fields={[{ name: 'reason', label: 'Reason (kept in the log)' }]}
            color="error"
            done={() => 'Dismissed: roles revoked, Telegram unbound, removal from the chats queued'}
            after={() => redirect(`/employees/${id}/offboarding`)}
          >
            <Typography variant="body2" gutterBottom>
              {t('Every role is revoked, Telegram unbound and sessions ended; the bot removes them from the chats it administers.')}
            </Typography>
          </CommandButton>
        ) : (
          <>
            <RaButton component={Link} to={`/employees/${id}/offboarding`} label="Offboarding report" />
            <CommandButton
              label="Rehire"
              title={t('Rehire %{name}', { name: e.fullName })}
              path={`/identity/employees/${id}/rehire`}
              fields={REHIRE_FIELDS}
              initial={initial}
              done={() => 'Rehired: active again with the employee role; they verify their Telegram account again'}
            >
              <Typography variant="body2" gutterBottom>
                {t('They come back with the employee role; give other roles in the form afterwards. Telegram is verified again.')}
              </Typography>
            </CommandButton>
          </>
        )}
      </Stack>
    </TopToolbar>
  );
};

const DismissedNote = () => {
  const e = useRecordContext();
  const t = useTranslate();
  if (e?.status !== 'dismissed') return null;
  return (
    <Typography variant="body2" color="error" role="status">
      {t('Dismissed %{when}', { when: e.dismissedAt ? new Date(e.dismissedAt).toLocaleString() : '' })}
    </Typography>
  );
};

export const EmployeeEdit = () => (
  <Edit mutationMode="pessimistic" actions={<EmployeeActions />}>
    {/* employees are dismissed (the actions above), never deleted: their history stays */}
    <SimpleForm
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
    >
      <DismissedNote />
      <TextInput source="employeeId" label="Id" disabled />
      <RecordInputs />
    </SimpleForm>
  </Edit>
);
