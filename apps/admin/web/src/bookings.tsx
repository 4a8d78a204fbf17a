import { useEffect, useMemo, useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { Alert, Box, Button, ButtonGroup, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { api } from './api';
import { useReadSidePosition } from './live';

/** A booking as GET /rooms/offices/:officeId/bookings answers (BookingView of libs/contracts, not reached by this build). */
interface Booking {
  bookingId: string;
  roomId: string;
  roomName: string;
  date: string;
  title: string | null;
  organizerId: string;
  start: string;
  end: string;
  status: string;
  private: boolean;
}
interface Office {
  officeId: string;
  name: string;
}
interface Room {
  roomId: string;
  name: string;
}

const HOUR_PX = 44;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Local dates as text ("2026-12-07"): whole days added in UTC, where no clock change shifts them. */
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const mondayOf = (date: string) => addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
const todayHere = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** Minutes since local midnight of a booking time ("2026-12-07T10:30:00+03:00"): the room's own clock, as the API writes it. */
const minutesOf = (localIso: string) => Number(localIso.slice(11, 13)) * 60 + Number(localIso.slice(14, 16));
const hhmm = (localIso: string) => localIso.slice(11, 16);

/**
 * Bookings of an office, or of one of its rooms, on a day (a column per room) or a week (a column per day), from the
 * rooms read model. The page follows the read side: a booking made in the bot appears without a reload.
 */
export function BookingsCalendar() {
  const [params, setParams] = useSearchParams();
  const t = useTranslate();
  const chosenOffice = params.get('office') ?? '';
  const roomId = params.get('room') ?? '';
  const view = params.get('view') === 'week' ? 'week' : 'day';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : todayHere();
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    setParams(next, { replace: true });
  };

  const [offices, setOffices] = useState<Office[]>([]);
  const [rooms, setRooms] = useState<Room[]>([]);
  const [bookings, setBookings] = useState<Booking[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const position = useReadSidePosition('rooms');
  // no office chosen: the first one
  const officeId = chosenOffice || offices[0]?.officeId || '';
  const from = view === 'week' ? mondayOf(date) : date;
  const to = view === 'week' ? addDays(from, 6) : date;

  useEffect(() => {
    api<{ items: Office[] }>('GET', '/rooms/offices').then(
      (r) => setOffices(r.body.items),
      (e: Error) => setError(e.message),
    );
  }, [position]);
  useEffect(() => {
    if (!officeId) return;
    api<{ items: Room[] }>('GET', `/rooms/offices/${encodeURIComponent(officeId)}/rooms`).then(
      (r) => setRooms(r.body.items),
      (e: Error) => setError(e.message),
    );
  }, [officeId, position]);
  useEffect(() => {
    if (!officeId) return;
    const q = new URLSearchParams({ from, to, ...(roomId ? { roomId } : {}) });
    api<{ items: Booking[] }>('GET', `/rooms/offices/${encodeURIComponent(officeId)}/bookings?${q}`).then(
      (r) => (setBookings(r.body.items), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [officeId, roomId, from, to, position]);

  const columns = useMemo(() => {
    if (view === 'week') return Array.from({ length: 7 }, (_, i) => addDays(from, i)).map((d, i) => ({ key: d, label: `${t(WEEKDAYS[i])} ${d.slice(5)}` }));
    const shown = roomId ? rooms.filter((r) => r.roomId === roomId) : rooms;
    return shown.map((r) => ({ key: r.roomId, label: r.name }));
  }, [view, from, rooms, roomId, t]);
  const columnOf = (b: Booking) => (view === 'week' ? b.date : b.roomId);

  const items = bookings ?? [];
  const firstHour = Math.min(8, ...items.map((b) => Math.floor(minutesOf(b.start) / 60)));
  const lastHour = Math.max(20, ...items.map((b) => Math.ceil((minutesOf(b.end) || 24 * 60) / 60)));
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);

  return (
    <Card sx={{ mt: 1 }}>
      <Title title="Bookings" />
      <CardContent>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { md: 'center' } }}>
          <TextField
            select
            id="calendar-office"
            label={t('Office')}
            size="small"
            value={officeId}
            onChange={(e) => set({ office: e.target.value, room: '' })}
            sx={{ minWidth: 180 }}
          >
            {offices.map((o) => (
              <MenuItem key={o.officeId} value={o.officeId}>
                {o.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            id="calendar-room"
            label={t('Room')}
            size="small"
            value={roomId}
            onChange={(e) => set({ room: e.target.value })}
            sx={{ minWidth: 180 }}
          >
            <MenuItem value="">{t('Every room')}</MenuItem>
            {rooms.map((r) => (
              <MenuItem key={r.roomId} value={r.roomId}>
                {r.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            id="calendar-date"
            label={t('Date')}
            type="date"
            size="small"
            value={date}
            onChange={(e) => set({ date: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <ButtonGroup size="small" aria-label={t('Days shown')}>
            <Button variant={view === 'day' ? 'contained' : 'outlined'} onClick={() => set({ view: 'day' })}>
              {t('Day')}
            </Button>
            <Button variant={view === 'week' ? 'contained' : 'outlined'} onClick={() => set({ view: 'week' })}>
              {t('Week')}
            </Button>
          </ButtonGroup>
          <ButtonGroup size="small" aria-label={t('Move')}>
            <Button onClick={() => set({ date: addDays(date, view === 'week' ? -7 : -1) })}>{t('Earlier')}</Button>
            <Button onClick={() => set({ date: todayHere() })}>{t('Today')}</Button>
            <Button onClick={() => set({ date: addDays(date, view === 'week' ? 7 : 1) })}>{t('Later')}</Button>
          </ButtonGroup>
        </Stack>
        <Typography variant="subtitle1" component="h2" sx={{ mb: 1 }}>
          {view === 'week' ? t('Week of %{date}', { date: from }) : from}: {bookings === null ? t('loading…') : t('%{count} bookings', { count: items.length })}
        </Typography>
        {error && <Alert severity="error">{error}</Alert>}
        {columns.length === 0 && bookings !== null && <Typography>{t('No rooms in this office.')}</Typography>}
        {columns.length > 0 && (
          <Box sx={{ overflowX: 'auto' }}>
            <Box
              role="grid"
              aria-label={view === 'week' ? t('Week calendar') : t('Day calendar')}
              sx={{ display: 'grid', gridTemplateColumns: `56px repeat(${columns.length}, minmax(120px, 1fr))`, minWidth: 56 + columns.length * 120 }}
            >
              <Box />
              {columns.map((c) => (
                <Box key={c.key} role="columnheader" sx={{ fontWeight: 600, p: 0.5, borderBottom: '1px solid #bdbdbd', textAlign: 'center' }}>
                  {c.label}
                </Box>
              ))}
              <Box sx={{ position: 'relative', height: hours.length * HOUR_PX }}>
                {hours.map((h, i) => (
                  <Typography key={h} variant="caption" sx={{ position: 'absolute', top: i * HOUR_PX - 2, right: 6, color: 'text.secondary' }}>
                    {String(h).padStart(2, '0')}:00
                  </Typography>
                ))}
              </Box>
              {columns.map((c) => (
                <Box
                  key={c.key}
                  role="gridcell"
                  data-column={c.key}
                  sx={{ position: 'relative', height: hours.length * HOUR_PX, borderLeft: '1px solid #e0e0e0' }}
                >
                  {hours.map((h, i) => (
                    <Box key={h} sx={{ position: 'absolute', top: i * HOUR_PX, left: 0, right: 0, borderTop: '1px solid #eeeeee' }} />
                  ))}
                  {items
                    .filter((b) => columnOf(b) === c.key)
                    .map((b) => {
                      const start = minutesOf(b.start);
                      const end = minutesOf(b.end) || 24 * 60;
                      const title = b.title ?? t('Private');
                      const label = `${title}, ${hhmm(b.start)}–${hhmm(b.end)}, ${b.roomName}, ${b.organizerId}${b.status === 'booked' ? '' : ` (${t(b.status.replace('_', ' '))})`}`;
                      return (
                        <Box
                          key={b.bookingId}
                          data-booking={b.bookingId}
                          aria-label={label}
                          title={label}
                          sx={{
                            position: 'absolute',
                            top: ((start - firstHour * 60) / 60) * HOUR_PX,
                            height: Math.max(18, ((end - start) / 60) * HOUR_PX - 2),
                            left: 3,
                            right: 3,
                            overflow: 'hidden',
                            borderRadius: 1,
                            px: 0.5,
                            fontSize: 12,
                            color: '#fff',
                            bgcolor: b.status === 'checked_in' ? '#2e7d32' : b.status === 'booked' ? '#1565c0' : '#757575',
                          }}
                        >
                          <strong>
                            {hhmm(b.start)}–{hhmm(b.end)}
                          </strong>{' '}
                          {title}
                          {view === 'week' && !roomId ? ` · ${b.roomName}` : ''}
                        </Box>
                      );
                    })}
                </Box>
              ))}
            </Box>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
