import {
  Create,
  Datagrid,
  DateField,
  FormDataConsumer,
  FunctionField,
  required,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
  type TranslateFunction,
} from 'react-admin';
import { Chip } from '@mui/material';
import { CommandButton } from './actions';
import { LiveList } from './live';

const AUDIENCES = [
  { id: 'everyone', name: 'Everyone' },
  { id: 'offices', name: 'Offices' },
  { id: 'departments', name: 'Departments' },
];

/** Delivery as the bot reports it: sent of recipients, with what is still queued, failed or muted. */
const delivery = (r: any, t: TranslateFunction) =>
  r.expanded ? t('%{sent} of %{recipients} sent, %{queued} queued, %{failed} failed, %{muted} muted', r.stats) : t('finding recipients…');

/** Withdrawing keeps back the notices the bot has not sent yet; a withdrawn one says so instead. */
const WithdrawButton = () => {
  const a = useRecordContext();
  const t = useTranslate();
  if (!a) return null;
  if (a.withdrawnAt) return <Chip size="small" label={t('Withdrawn')} />;
  return (
    <CommandButton
      label="Withdraw"
      title={t('Withdraw %{id}', { id: a.announcementId })}
      path={`/company/announcements/${encodeURIComponent(String(a.id))}/withdraw`}
      caughtUp={(position) => `/company/announcements?waitFor=${encodeURIComponent(position)}`}
      fields={[{ name: 'reason', label: 'Reason (kept in the log)' }]}
      color="error"
      done={() => 'Withdrawn: the notices not sent yet stay back'}
    />
  );
};

export const AnnouncementList = () => {
  const t = useTranslate();
  return (
    <LiveList
      projection="company"
      filters={[<SearchInput key="q" source="q" alwaysOn />]}
      sort={{ field: 'publishedAt', order: 'DESC' }}
      perPage={25}
      title="Announcements"
    >
      <Datagrid rowClick={false} bulkActionButtons={false}>
        <TextField source="announcementId" label="Id" />
        <FunctionField label="Text" render={(r: any) => (r.text.length > 120 ? `${r.text.slice(0, 120)}…` : r.text)} />
        <FunctionField
          label="Audience"
          render={(r: any) => [t(r.audience.kind), (r.audience.offices ?? r.audience.departments ?? []).join(', ')].filter(Boolean).join(': ')}
        />
        <TextField source="publishedBy" label="By" />
        <DateField source="publishedAt" showTime />
        <FunctionField label="Delivery" render={(r: any) => delivery(r, t)} />
        <WithdrawButton />
      </Datagrid>
    </LiveList>
  );
};

/** Names separated by commas, as the API's lists. */
const names = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : v;

/** Published once to each verified employee of the audience who has not muted announcements (the bot sends it). */
export const AnnouncementCreate = () => (
  <Create
    redirect="list"
    title="New announcement"
    transform={(d: Record<string, any>) => ({ ...d, offices: names(d.offices), departments: names(d.departments) })}
  >
    <SimpleForm defaultValues={{ audience: 'everyone' }}>
      <TextInput source="announcementId" label="Id" helperText="The same id and text again publishes nothing new" validate={required()} />
      <TextInput source="text" multiline minRows={4} fullWidth validate={required()} />
      <SelectInput source="audience" choices={AUDIENCES} validate={required()} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.audience === 'offices' ? (
            <TextInput source="offices" label="Offices (comma separated)" fullWidth />
          ) : formData.audience === 'departments' ? (
            <TextInput source="departments" label="Departments (comma separated)" fullWidth />
          ) : null
        }
      </FormDataConsumer>
    </SimpleForm>
  </Create>
);
