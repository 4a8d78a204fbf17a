import { useEffect, useState } from 'react';
import { ChipField, Datagrid, FunctionField, NumberField, SearchInput, TextField, Title, useNotify, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Slider,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as Input,
  Typography,
} from '@mui/material';
import { api } from './api';
import { LiveList } from './live';
import { money } from './lots';

/**
 * Every lot as the event store says it is now (auditors do not read the read model); it reloads when the auction
 * projection's log position moves, which is exactly when a lot's stream has a new event.
 */
export const AuditLotList = () => {
  const t = useTranslate();
  return (
    <LiveList
      projection="auction"
      filters={[<SearchInput key="q" source="q" alwaysOn placeholder={t('Lot, seller or winner')} />]}
      sort={{ field: 'lotId', order: 'ASC' }}
      perPage={25}
      title="Audit: lots"
    >
      <Datagrid rowClick={(id) => `/audit/${encodeURIComponent(String(id))}`} bulkActionButtons={false}>
        <TextField source="lotId" label="Lot" />
        <ChipField source="status" />
        <TextField source="sellerId" label="Seller" />
        <FunctionField label="Price" render={(r: any) => money(r.currentPrice)} />
        <NumberField source="bidCount" label="Bids" />
        <TextField source="winnerId" label="Winner" emptyText="—" />
      </Datagrid>
    </LiveList>
  );
};

interface AuditEvent {
  revision: number;
  position: string;
  eventId: string;
  type: string;
  occurredAt: string;
  actorId: string | null;
  commandId: string | null;
  hash: string | null;
  data: unknown;
  after: Record<string, unknown> | null;
}

/**
 * A lot's history from the event store, event by event with the lot after each (a slider steps through it), cut at
 * a moment (point in time), with the chain verification and the export files.
 */
export function AuditReplay() {
  const { lotId = '' } = useParams();
  const notify = useNotify();
  const t = useTranslate();
  const [at, setAt] = useState('');
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [step, setStep] = useState(0);
  const [verify, setVerify] = useState<{ status: string; events: number; firstBroken: unknown } | null>(null);
  const id = encodeURIComponent(lotId);

  useEffect(() => {
    const cut = at ? `?at=${encodeURIComponent(new Date(at).toISOString())}` : '';
    api<{ events: AuditEvent[] }>('GET', `/audit/auctions/${id}/events${cut}`).then(
      ({ body }) => {
        setEvents(body.events);
        setStep(Math.max(0, body.events.length - 1));
      },
      (e: Error) => notify(e.message, { type: 'error' }),
    );
  }, [id, at, notify]);

  const runVerify = () =>
    api('GET', `/audit/auctions/${id}/verify`).then(
      ({ body }) => setVerify(body),
      (e: Error) => notify(e.message, { type: 'error' }),
    );
  const current = events?.[step];

  return (
    <Card sx={{ mt: 1 }}>
      <Title title={t('Audit: lot %{lotId}', { lotId })} />
      <CardContent>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { md: 'center' } }}>
          <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
            {t('Lot %{lotId}', { lotId })}: {events ? t('%{count} events', { count: events.length }) : t('loading…')}
          </Typography>
          <Input
            id="audit-at"
            label={t('Point in time')}
            type="datetime-local"
            value={at}
            onChange={(e) => setAt(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
            size="small"
          />
          <Button variant="outlined" onClick={() => void runVerify()}>
            {t('Verify chain')}
          </Button>
          <Button variant="outlined" href={`./api/audit/auctions/${id}/export?format=csv`} download>
            {t('Export CSV')}
          </Button>
          <Button variant="outlined" href={`./api/audit/auctions/${id}/export?format=json`} download>
            {t('Export JSON')}
          </Button>
        </Stack>
        {verify && (
          <Alert severity={verify.status === 'intact' ? 'success' : 'error'} sx={{ mb: 2 }} role="status">
            {t('Hash chain %{status}: %{events} events checked', { status: t(verify.status), events: verify.events })}
            {verify.firstBroken ? t('; first broken link: %{link}', { link: JSON.stringify(verify.firstBroken) }) : ''}
          </Alert>
        )}
        {events && events.length > 0 && current && (
          <>
            <Box sx={{ px: 2 }}>
              <Slider
                aria-label={t('Event')}
                value={step}
                min={0}
                max={events.length - 1}
                step={1}
                marks
                onChange={(_, v) => setStep(v as number)}
                valueLabelDisplay="auto"
                valueLabelFormat={(v) => `#${events[v].revision} ${events[v].type}`}
              />
            </Box>
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
              <Box sx={{ flex: 3, overflowX: 'auto' }}>
                <Table size="small" aria-label={t('Events')}>
                  <TableHead>
                    <TableRow>
                      <TableCell>#</TableCell>
                      <TableCell>{t('Event')}</TableCell>
                      <TableCell>{t('When')}</TableCell>
                      <TableCell>{t('By')}</TableCell>
                      <TableCell>{t('Command')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {events.map((ev, i) => (
                      <TableRow
                        key={ev.eventId}
                        hover
                        selected={i === step}
                        onClick={() => setStep(i)}
                        data-event={ev.type}
                        sx={{ cursor: 'pointer', opacity: i > step ? 0.45 : 1 }}
                      >
                        <TableCell>{ev.revision}</TableCell>
                        <TableCell>{ev.type}</TableCell>
                        <TableCell>{new Date(ev.occurredAt).toLocaleString()}</TableCell>
                        <TableCell className="actor">{ev.actorId ?? '—'}</TableCell>
                        <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{ev.commandId?.slice(0, 8) ?? '—'}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
              <Box sx={{ flex: 2 }} aria-live="polite">
                <Typography variant="subtitle1" component="h3">
                  {t('After #%{revision} %{type}', current)}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {t('by %{actor} at position %{position}', { actor: current.actorId ?? t('the system'), position: current.position })}
                </Typography>
                <Box component="pre" id="state-after" sx={{ bgcolor: '#f5f7fa', p: 1, fontSize: 12, overflowX: 'auto' }}>
                  {JSON.stringify(current.after, null, 2)}
                </Box>
                <Typography variant="subtitle2">{t('Event data')}</Typography>
                <Box component="pre" sx={{ bgcolor: '#f5f7fa', p: 1, fontSize: 12, overflowX: 'auto' }}>
                  {JSON.stringify(current.data, null, 2)}
                </Box>
              </Box>
            </Stack>
          </>
        )}
        {events && events.length === 0 && <Typography>{t('No events up to that moment.')}</Typography>}
      </CardContent>
    </Card>
  );
}
