import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Title, useTranslate } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { api } from './api';

interface Removal {
  taskId: string;
  chatId: number;
  chatTitle: string;
  status: 'pending' | 'done';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  doneAt: string | null;
}
interface Offboarding {
  employeeId: string;
  fullName: string;
  status: 'active' | 'dismissed';
  dismissal: { dismissedAt: string; dismissedBy: string; reason: string; revokedRoles: string[]; telegramUserId: number | null } | null;
  removals: Removal[];
}

const READ_AGAIN_MS = 3_000;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * What a dismissal did, readable: roles revoked, the Telegram account unbound, sessions ended, and each removal from
 * a chat the bot administers (the projector creates them a moment after the dismissal, the bot carries them out) -
 * read again every few seconds while a removal is pending.
 */
export function EmployeeOffboarding() {
  const { id = '' } = useParams();
  const t = useTranslate();
  const [report, setReport] = useState<Offboarding | null>(null);
  const [error, setError] = useState<string | null>(null);

  const read = useCallback(
    () =>
      api<Offboarding>('GET', `/identity/employees/${encodeURIComponent(id)}/offboarding`).then(
        (r) => setReport(r.body),
        (e: Error) => setError(e.message),
      ),
    [id],
  );
  useEffect(() => {
    void read();
    const timer = setInterval(() => void read(), READ_AGAIN_MS);
    return () => clearInterval(timer);
  }, [read]);

  const d = report?.dismissal;
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={t('Offboarding: %{name}', { name: report?.fullName ?? id })} />
      <CardContent>
        {error && <Alert severity="error">{error}</Alert>}
        {report && !d && <Alert severity="info">{t('%{name} has never been dismissed.', { name: report.fullName })}</Alert>}
        {report && d && (
          <>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('Offboarding report')}
            </Typography>
            {report.status === 'active' && (
              <Alert severity="info" sx={{ mb: 2 }}>
                {t('Rehired since; this is the report of the last dismissal.')}
              </Alert>
            )}
            <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'max-content 1fr' }, columnGap: 3, rowGap: 1, m: 0 }}>
              <Typography component="dt" fontWeight="bold">
                {t('Dismissed')}
              </Typography>
              <Typography component="dd" sx={{ m: 0 }}>
                {t('%{when} by %{who}', { when: when(d.dismissedAt), who: d.dismissedBy })}
              </Typography>
              <Typography component="dt" fontWeight="bold">
                {t('Reason')}
              </Typography>
              <Typography component="dd" sx={{ m: 0 }}>
                {d.reason || '—'}
              </Typography>
              <Typography component="dt" fontWeight="bold">
                {t('Roles revoked')}
              </Typography>
              <Typography component="dd" sx={{ m: 0 }} data-testid="revoked-roles">
                {d.revokedRoles.join(', ') || '—'}
              </Typography>
              <Typography component="dt" fontWeight="bold">
                {t('Telegram')}
              </Typography>
              <Typography component="dd" sx={{ m: 0 }}>
                {d.telegramUserId === null ? t('No account was bound') : t('Account %{id} unbound; it acts for nobody', { id: d.telegramUserId })}
              </Typography>
              <Typography component="dt" fontWeight="bold">
                {t('Sessions and tokens')}
              </Typography>
              <Typography component="dd" sx={{ m: 0 }}>
                {t('Ended: they open nothing any more')}
              </Typography>
            </Box>
            <Typography variant="h6" component="h2" sx={{ mt: 3 }} gutterBottom>
              {t('Removal from chats')}
            </Typography>
            {report.removals.length === 0 ? (
              <Typography variant="body2">
                {d.telegramUserId === null
                  ? t('Nothing to remove: no Telegram account was bound.')
                  : t('No removal listed: the bot administers no group it may ban in, or the list fills in within seconds.')}
              </Typography>
            ) : (
              <Box sx={{ overflowX: 'auto' }}>
                <Table size="small" aria-label={t('Removal from chats')}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('Chat')}</TableCell>
                      <TableCell>{t('Status')}</TableCell>
                      <TableCell>{t('Attempts')}</TableCell>
                      <TableCell>{t('Last error')}</TableCell>
                      <TableCell>{t('Next attempt')}</TableCell>
                      <TableCell>{t('Done')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {report.removals.map((r) => (
                      <TableRow key={r.taskId} data-chat={r.chatId}>
                        <TableCell>{r.chatTitle}</TableCell>
                        <TableCell>
                          <Chip size="small" color={r.status === 'done' ? 'success' : 'warning'} label={t(r.status === 'done' ? 'removed' : 'pending')} />
                        </TableCell>
                        <TableCell>{r.attempts}</TableCell>
                        <TableCell>{r.lastError ?? '—'}</TableCell>
                        <TableCell>{when(r.nextAttemptAt)}</TableCell>
                        <TableCell>{when(r.doneAt)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
            )}
          </>
        )}
        <Stack direction="row" spacing={1} sx={{ mt: 3 }}>
          <Button component={Link} to={`/employees/${encodeURIComponent(id)}`} variant="outlined">
            {t('Back to the employee')}
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}
