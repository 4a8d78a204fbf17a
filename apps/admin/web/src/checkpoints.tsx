import { useCallback, useEffect, useState } from 'react';
import { Title, useNotify, useTranslate, type TranslateFunction } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { api } from './api';

/** GET /audit/checkpoints items, POST /audit/checkpoints/verify and GET /audit/auctions/verify (libs/contracts' audit views). */
interface CheckpointRow {
  checkpointId: string;
  takenAt: string;
  position: string;
  signingKeyId: string;
  streams: number;
}
interface CheckpointVerify {
  checkpointId: string;
  signatureValid: boolean;
  streams: number;
  deviations: { streamId: string; reason: string; checkpointRevision: string; currentRevision: string | null }[];
  checkedAt: string;
}
interface ChainsVerify {
  streams: number;
  intact: number;
  broken: { lotId: string; events: number; firstBroken: unknown }[];
  unverifiable: { lotId: string; unchained: number }[];
  checkedAt: string;
}

/**
 * The auditors' tamper evidence beside the replay: every lot's hash chain recomputed from the event store, and the
 * kept signed checkpoints of every stream's head - each compared with the streams now, or one kept elsewhere (a
 * file) compared the same way. A chain alone cannot show a stream recomputed consistently; a checkpoint can.
 */
export function AuditCheckpoints() {
  const notify = useNotify();
  const t = useTranslate();
  const [rows, setRows] = useState<CheckpointRow[] | null>(null);
  const [chains, setChains] = useState<ChainsVerify | null>(null);
  const [results, setResults] = useState<Record<string, CheckpointVerify>>({});
  const [busy, setBusy] = useState(false);
  const fail = useCallback((e: Error) => notify(e.message, { type: 'error' }), [notify]);

  const load = useCallback(() => api<{ items: CheckpointRow[] }>('GET', '/audit/checkpoints').then((r) => setRows(r.body.items), fail), [fail]);
  useEffect(() => void load(), [load]);

  const verifyChains = async () => {
    setBusy(true);
    await api<ChainsVerify>('GET', '/audit/auctions/verify').then((r) => setChains(r.body), fail);
    setBusy(false);
  };
  const take = async () => {
    setBusy(true);
    await api('POST', '/audit/checkpoints').then(() => notify('Checkpoint taken', { type: 'success' }), fail);
    await load();
    setBusy(false);
  };
  const verify = async (checkpoint: unknown) => {
    const r = await api<CheckpointVerify>('POST', '/audit/checkpoints/verify', { checkpoint });
    setResults((all) => ({ ...all, [r.body.checkpointId]: r.body }));
    return r.body;
  };
  const verifyKept = (id: string) =>
    api('GET', `/audit/checkpoints/${encodeURIComponent(id)}`)
      .then((r) => verify(r.body))
      .catch(fail);
  const verifyFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const v = await verify(JSON.parse(await file.text()));
      if (!rows?.some((r) => r.checkpointId === v.checkpointId))
        notify(`${v.checkpointId}: ${summary(v, t)}`, { type: verdict(v) === 'success' ? 'success' : 'error' });
    } catch (e) {
      fail(e instanceof SyntaxError ? new Error(t('The file is not JSON')) : (e as Error));
    }
  };

  return (
    <Card sx={{ mt: 1 }}>
      <Title title="Audit: checkpoints" />
      <CardContent>
        <Stack spacing={2}>
          <Box>
            <Typography variant="h6" component="h2">
              {t('Hash chains')}
            </Typography>
            <Stack direction="row" spacing={2} sx={{ my: 1, alignItems: 'center' }}>
              <Button variant="outlined" onClick={() => void verifyChains()} disabled={busy}>
                {t('Verify every lot')}
              </Button>
            </Stack>
            {chains && (
              <Alert severity={chains.broken.length ? 'error' : chains.unverifiable.length ? 'warning' : 'success'} role="status" aria-label="Chains">
                {t('%{intact} of %{streams} lots intact', chains)}
                {chains.broken.length ? t('; broken: %{lots}', { lots: chains.broken.map((b) => b.lotId).join(', ') }) : ''}
                {chains.unverifiable.length ? t('; without a chain: %{lots}', { lots: chains.unverifiable.map((b) => b.lotId).join(', ') }) : ''}{' '}
                {t('(checked %{time})', { time: new Date(chains.checkedAt).toLocaleString() })}
              </Alert>
            )}
          </Box>
          <Box>
            <Typography variant="h6" component="h2">
              {t('Head checkpoints')}
            </Typography>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ my: 1, alignItems: { sm: 'center' } }}>
              <Button variant="outlined" onClick={() => void take()} disabled={busy}>
                {t('Take a checkpoint now')}
              </Button>
              <Button variant="outlined" component="label">
                {t('Verify a kept checkpoint file')}
                <input hidden type="file" accept="application/json,.json" aria-label="Checkpoint file" onChange={(e) => void verifyFile(e.target.files?.[0])} />
              </Button>
              <Button variant="text" href="./api/audit/checkpoints/key" download="audit-signing-key.pem">
                {t('Signing key (PEM)')}
              </Button>
            </Stack>
            <Table size="small" aria-label="Checkpoints">
              <TableHead>
                <TableRow>
                  <TableCell>{t('Checkpoint')}</TableCell>
                  <TableCell>{t('Taken')}</TableCell>
                  <TableCell>{t('Log position')}</TableCell>
                  <TableCell align="right">{t('Streams')}</TableCell>
                  <TableCell>{t('Against the streams now')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {(rows ?? []).map((r) => {
                  const v = results[r.checkpointId];
                  return (
                    <TableRow key={r.checkpointId} data-checkpoint={r.checkpointId}>
                      <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{r.checkpointId}</TableCell>
                      <TableCell>{new Date(r.takenAt).toLocaleString()}</TableCell>
                      <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{r.position}</TableCell>
                      <TableCell align="right">{r.streams}</TableCell>
                      <TableCell className="verdict">{v ? <Alert severity={verdict(v)}>{summary(v, t)}</Alert> : '—'}</TableCell>
                      <TableCell>
                        <Stack direction="row" spacing={1}>
                          <Button size="small" onClick={() => void verifyKept(r.checkpointId)}>
                            {t('Verify')}
                          </Button>
                          <Button size="small" href={`./api/audit/checkpoints/${encodeURIComponent(r.checkpointId)}`} download={`${r.checkpointId}.json`}>
                            {t('Download')}
                          </Button>
                        </Stack>
                      </TableCell>
                    </TableRow>
                  );
                })}
                {rows?.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={6}>{t('No checkpoint taken yet.')}</TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}

const verdict = (v: CheckpointVerify) => (v.signatureValid && v.deviations.length === 0 ? 'success' : 'error');

function summary(v: CheckpointVerify, t: TranslateFunction): string {
  if (!v.signatureValid) return t('The signature does not verify with this deployment’s key');
  if (v.deviations.length === 0) return t('All %{streams} streams still extend it', { streams: v.streams });
  return t('%{deviating} of %{streams} streams deviate: %{which}', {
    deviating: v.deviations.length,
    streams: v.streams,
    which: v.deviations.map((d) => `${d.streamId} ${d.reason}`).join(', '),
  });
}
