import {
  ArrayInput,
  BooleanField,
  BooleanInput,
  Datagrid,
  DateField,
  Edit,
  FunctionField,
  List,
  SearchInput,
  SimpleForm,
  SimpleFormIterator,
  SaveButton,
  Toolbar,
  TextField,
  TextInput,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { Typography } from '@mui/material';

type Rules = Record<string, boolean>;
/** The three kinds of rule a switch has, as the API names them, with what the key of a rule is. */
const KINDS = [
  { field: 'roles', label: 'Per role', key: 'Role', help: 'On if any of the employee\'s roles is on (e.g. "tester").' },
  { field: 'users', label: 'Per employee', key: 'Employee id', help: 'Beats every other rule for that employee.' },
  { field: 'appVersions', label: 'Per app version', key: 'Version ("0.3.1", or "0.3.*")', help: 'The longest matching pattern wins; beats "for everyone".' },
] as const;

const rules = (m: Rules | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k}: ${v ? 'on' : 'off'}`)
    .join(', ') || '—';

export const SwitchList = () => {
  const t = useTranslate();
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" />
        <TextField source="description" />
        <BooleanField source="all" label="For everyone" />
        {KINDS.map((k) => (
          <FunctionField key={k.field} label={t(k.label)} render={(r: RaRecord) => rules(r[k.field])} />
        ))}
        <DateField source="updatedAt" showTime />
        <TextField source="updatedBy" />
      </Datagrid>
    </List>
  );
};

/** The form edits each rule map as rows (key, on); on save they are maps again, a removed row sent as null (the API's "remove"). */
const asRows = (m: Rules | undefined) => Object.entries(m ?? {}).map(([key, on]) => ({ key, on }));
function asPatch(rows: { key?: string; on?: boolean }[] | undefined, before: Rules | undefined): Record<string, boolean | null> {
  const out: Record<string, boolean | null> = Object.fromEntries(Object.keys(before ?? {}).map((k) => [k, null]));
  for (const r of rows ?? []) if (r.key?.trim()) out[r.key.trim()] = !!r.on;
  return out;
}

const SaveOnly = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

export const SwitchEdit = () => {
  const t = useTranslate();
  return (
    <Edit
      mutationMode="pessimistic"
      queryOptions={{ select: (r: RaRecord) => ({ ...r, ...Object.fromEntries(KINDS.map((k) => [`${k.field}Rows`, asRows(r[k.field])])) }) }}
      transform={(data: RaRecord, options?: { previousData?: RaRecord }) => ({
        description: data.description,
        all: data.all,
        ...Object.fromEntries(KINDS.map((k) => [k.field, asPatch(data[`${k.field}Rows`], options?.previousData?.[k.field])])),
      })}
    >
      {/* a switch goes away with the flow it guards (DELETE /bot/switches/:name), not from this form */}
      <SimpleForm toolbar={<SaveOnly />}>
        <TextInput source="name" disabled />
        <TextInput source="description" fullWidth />
        <BooleanInput source="all" label="On for everyone without a more specific rule" />
        {KINDS.map((k) => (
          <ArrayInput key={k.field} source={`${k.field}Rows`} label={t(k.label)} helperText={t(k.help)}>
            <SimpleFormIterator inline disableReordering>
              <TextInput source="key" label={t(k.key)} />
              <BooleanInput source="on" label="On" />
            </SimpleFormIterator>
          </ArrayInput>
        ))}
        <Typography variant="body2" color="text.secondary">
          {t('Order: the employee rule, then roles, then the app version, then "for everyone".')}
        </Typography>
      </SimpleForm>
    </Edit>
  );
};
