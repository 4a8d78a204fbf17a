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
const lastSync = (r: any) =>
  r.lastSync
    ? `${r.lastSync.mode}: ${r.lastSync.published} new or changed, ${r.lastSync.unchanged} unchanged, ${r.lastSync.deleted} deleted, ${r.lastSync.failed} failed`
    : 'never';
/** What the sync runner is doing: running with its count, failed with its error, or idle. */
const progress = (r: any) =>
  !r.progress
    ? r.requested
      ? `requested (${r.requested.mode})`
      : 'idle'
    : r.progress.state === 'running'
      ? `running: ${r.progress.phase ?? ''} ${r.progress.done}${r.progress.total === null ? '' : ` of ${r.progress.total}`}`
      : r.progress.state === 'failed'
        ? `failed: ${r.progress.lastError ?? ''}`
        : r.requested
          ? `requested (${r.requested.mode})`
          : 'idle';

export const KnowledgeSourceList = () => (
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
      <FunctionField label="Last sync" render={lastSync} />
      <DateField source="lastSync.completedAt" label="Synced at" showTime emptyText="—" />
      <FunctionField label="Sync state" render={progress} />
    </Datagrid>
  </LiveList>
);

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
  if (!source || source.status !== 'active') return null;
  const path = `/knowledge/sources/${encodeURIComponent(String(source.id))}/sync`;
  return (
    <TopToolbar>
      <CommandButton label="Sync now" title={`Sync ${source.name}`} path={path} done={() => 'Sync requested; the projector starts it at its next poll'} />
      <CommandButton label="Full sync" title={`Full sync of ${source.name}`} path={path} body={{ mode: 'full' }} done={() => 'Full sync requested'} />
    </TopToolbar>
  );
};

/** The last sync and the sync in progress, beside the configuration. */
const SyncStatus = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Card sx={{ ml: { md: 2 }, mt: { xs: 2, md: 0 }, minWidth: 260 }}>
      <CardContent>
        <Typography variant="subtitle1" component="h2">
          Sync
        </Typography>
        <Box component="dl" sx={{ m: 0, '& dt': { fontWeight: 600, mt: 1 } }}>
          <dt>Documents</dt>
          <dd>{r.documents}</dd>
          <dt>Last sync</dt>
          <dd aria-label="Last sync">{lastSync(r)}</dd>
          {r.lastSync && (
            <>
              <dt>Completed</dt>
              <dd>{new Date(r.lastSync.completedAt).toLocaleString()}</dd>
            </>
          )}
          <dt>Now</dt>
          <dd aria-label="Sync state">{progress(r)}</dd>
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
