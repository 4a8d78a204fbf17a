import {
  ChipField,
  Create,
  Datagrid,
  DateField,
  Edit,
  FunctionField,
  NumberField,
  NumberInput,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  required,
  useRecordContext,
  useTranslate,
  type TranslateFunction,
} from 'react-admin';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { CommandButton, SaveOnlyToolbar } from './actions';
import { LiveList } from './live';

const KINDS = [
  { id: 'confluence', name: 'Confluence' },
  { id: 'mediawiki', name: 'MediaWiki' },
  { id: 'fileshare', name: 'File share' },
];

/** The last sync as one line: what it found, when. */
const lastSync = (r: any, t: TranslateFunction) =>
  r.lastSync
    ? t('%{mode}: %{published} new or changed, %{unchanged} unchanged, %{deleted} deleted, %{failed} failed', { ...r.lastSync, mode: t(r.lastSync.mode) })
    : t('never');
/** What the sync runner is doing: running with its count, failed with its error, or idle. */
const progress = (r: any, t: TranslateFunction) => {
  const requested = r.requested ? t('requested (%{mode})', { mode: t(r.requested.mode) }) : t('idle');
  if (r.progress?.state === 'running') {
    const count = r.progress.total === null ? String(r.progress.done) : t('%{done} of %{total}', r.progress);
    return t('running: %{phase} %{count}', { phase: r.progress.phase ? t(r.progress.phase) : '', count });
  }
  return r.progress?.state === 'failed' ? t('failed: %{error}', { error: r.progress.lastError ?? '' }) : requested;
};

export const KnowledgeSourceList = () => {
  const t = useTranslate();
  return (
    <LiveList
      projection="knowledge-sources"
      filters={[<SearchInput key="q" source="q" alwaysOn />]}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      title="Knowledge sources"
    >
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="sourceId" label="Id" />
        <TextField source="name" />
        <TextField source="kind" />
        <ChipField source="status" />
        <NumberField source="documents" />
        <FunctionField label="Last sync" render={(r: any) => lastSync(r, t)} />
        <DateField source="lastSync.completedAt" label="Synced at" showTime emptyText="—" />
        <FunctionField label="Sync state" render={(r: any) => progress(r, t)} />
      </Datagrid>
    </LiveList>
  );
};

/** Settings are JSON in the form; an object for the API. */
const settingsText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? {}, null, 2));
const validJson = (v: unknown) => {
  if (typeof v !== 'string' || !v.trim()) return undefined;
  try {
    const parsed = JSON.parse(v);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? undefined : 'Settings must be a JSON object';
  } catch {
    return 'Settings must be JSON';
  }
};
const toApi = (data: Record<string, any>) => ({
  ...data,
  settings: typeof data.settings === 'string' ? (data.settings.trim() ? JSON.parse(data.settings) : {}) : data.settings,
  credentialRef: data.credentialRef || null,
  syncEveryMinutes: data.syncEveryMinutes ?? null,
});

/** The credential is never entered here, only the name of the projector's environment variable that holds it. */
const SourceFields = ({ creating }: { creating: boolean }) => (
  <>
    <TextInput source="sourceId" label="Id" disabled={!creating} validate={required()} />
    <SelectInput source="kind" choices={KINDS} disabled={!creating} validate={required()} />
    <TextInput source="name" validate={required()} />
    <TextInput source="location" label="Location (API base URL or share folder)" fullWidth validate={required()} />
    <TextInput
      source="credentialRef"
      label="Credential: environment variable name"
      helperText="KNOWLEDGE_SECRET_<NAME> on the projector; the secret itself never comes here"
      fullWidth
    />
    <NumberInput source="syncEveryMinutes" label="Sync every, minutes (empty: on demand)" />
    <TextInput source="settings" label="Settings (JSON)" multiline minRows={3} fullWidth format={settingsText} parse={(v: string) => v} validate={validJson} />
  </>
);

export const KnowledgeSourceCreate = () => (
  <Create redirect="list" transform={toApi} title="New knowledge source">
    <SimpleForm defaultValues={{ kind: 'mediawiki', settings: '{}' }}>
      <SourceFields creating />
    </SimpleForm>
  </Create>
);

const SourceActions = () => {
  const source = useRecordContext();
  const t = useTranslate();
  if (!source || source.status !== 'active') return null;
  const path = `/knowledge/sources/${encodeURIComponent(String(source.id))}/sync`;
  return (
    <TopToolbar>
      <CommandButton
        label="Sync now"
        title={t('Sync %{name}', { name: source.name })}
        path={path}
        done={() => 'Sync requested; the projector starts it at its next poll'}
      />
      <CommandButton
        label="Full sync"
        title={t('Full sync of %{name}', { name: source.name })}
        path={path}
        body={{ mode: 'full' }}
        done={() => 'Full sync requested'}
      />
    </TopToolbar>
  );
};

/** The last sync and the sync in progress, beside the configuration. */
const SyncStatus = () => {
  const r = useRecordContext();
  const t = useTranslate();
  if (!r) return null;
  return (
    <Card sx={{ ml: { md: 2 }, mt: { xs: 2, md: 0 }, minWidth: 260 }}>
      <CardContent>
        <Typography variant="subtitle1" component="h2">
          {t('Sync')}
        </Typography>
        <Box component="dl" sx={{ m: 0, '& dt': { fontWeight: 600, mt: 1 } }}>
          <dt>{t('Documents')}</dt>
          <dd>{r.documents}</dd>
          <dt>{t('Last sync')}</dt>
          <dd aria-label={t('Last sync')}>{lastSync(r, t)}</dd>
          {r.lastSync && (
            <>
              <dt>{t('Completed')}</dt>
              <dd>{new Date(r.lastSync.completedAt).toLocaleString()}</dd>
            </>
          )}
          <dt>{t('Now')}</dt>
          <dd aria-label={t('Sync state')}>{progress(r, t)}</dd>
        </Box>
      </CardContent>
    </Card>
  );
};

export const KnowledgeSourceEdit = () => (
  <Edit mutationMode="pessimistic" transform={toApi} actions={<SourceActions />} aside={<SyncStatus />}>
    <SimpleForm toolbar={<SaveOnlyToolbar />}>
      <SourceFields creating={false} />
    </SimpleForm>
  </Edit>
);
