import { useState } from 'react';
import {
  Create,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberInput,
  SearchInput,
  SimpleForm,
  TextField,
  TextInput,
  useNotify,
  useRedirect,
  useRefresh,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField as MuiTextField } from '@mui/material';
import { api } from './api';

/** Personal access tokens for the CLIs (audit, import, rebuilds): issued to an employee, shown once, revocable. */
export const TokenList = () => {
  const t = useTranslate();
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder={t('Token, employee or name')} />,
        <TextInput key="employeeId" source="employeeId" label="Employee id" />,
      ]}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="tokenId" label="Token" />
        <TextField source="employeeId" label="Employee" />
        <TextField source="name" label="Name" />
        <TextField source="createdBy" label="Issued by" />
        <DateField source="createdAt" label="Issued" showTime />
        <DateField source="expiresAt" label="Expires" showTime emptyText="—" />
        <DateField source="lastUsedAt" label="Last used" showTime emptyText="—" />
        <FunctionField label="State" render={(r: RaRecord) => <RevokeButton token={r} />} />
      </Datagrid>
    </List>
  );
};

function RevokeButton({ token }: { token: RaRecord }) {
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (token.revokedAt) return <>{t('revoked %{when}', { when: new Date(token.revokedAt).toLocaleString() })}</>;
  if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now()) return <>{t('expired')}</>;
  const revoke = async () => {
    setBusy(true);
    try {
      await api('DELETE', `/auth/tokens/${encodeURIComponent(String(token.id))}`);
      notify('Token revoked: refused from the next request on', { type: 'success' });
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      color="error"
      variant="outlined"
      disabled={busy}
      onClick={() => void revoke()}
      aria-label={t('Revoke %{token}', { token: token.tokenId })}
    >
      {t('Revoke')}
    </Button>
  );
}

/** Issuing shows the token once, in a dialog to copy it from; only its hash stays in the API. */
export const TokenCreate = () => {
  const t = useTranslate();
  const redirect = useRedirect();
  const [issued, setIssued] = useState<string | null>(null);
  return (
    <>
      <Create title="Issue an access token" redirect={false} mutationOptions={{ onSuccess: (r: RaRecord) => setIssued(String(r.token)) }}>
        <SimpleForm>
          <TextInput source="employeeId" label="Employee id" />
          <TextInput source="name" label="What it is for (e.g. audit CLI on the laptop)" fullWidth />
          <NumberInput source="expiresInDays" label="Expires after days (empty: until revoked)" min={1} max={3650} />
        </SimpleForm>
      </Create>
      <Dialog open={issued !== null} aria-labelledby="issued-token-title">
        <DialogTitle id="issued-token-title">{t('The token, shown once')}</DialogTitle>
        <DialogContent>
          <DialogContentText gutterBottom>{t('Copy it now: it is not shown again. Pass it to the CLI with --token or MEGABOT_TOKEN.')}</DialogContentText>
          <MuiTextField
            id="issued-token"
            label={t('Token')}
            value={issued ?? ''}
            fullWidth
            margin="dense"
            slotProps={{ input: { readOnly: true } }}
            onFocus={(e) => e.target.select()}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => void navigator.clipboard?.writeText(issued ?? '').catch(() => undefined)}>{t('Copy')}</Button>
          <Button
            variant="contained"
            onClick={() => {
              setIssued(null);
              redirect('list', 'tokens');
            }}
          >
            {t('Done')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
