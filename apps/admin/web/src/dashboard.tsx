import { Alert, Box, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link, Title, usePermissions, useTranslate } from 'react-admin';
import { api } from './api';

interface Overview {
  at: string;
  counters: Record<'openLots' | 'bidsSince' | 'bookingsSince' | 'activeEmployees' | 'verifiedEmployees' | 'displays' | 'displaysNeedingAttention', number>;
  bidsByHour: number[];
  projections: { projection: string; behind: number | null; parked: number; blocking: number }[];
  problems: { projection: string; eventId: string; eventType: string; error: string; parkedAt: string }[];
}

/** How often the dashboard reads the overview again (the read side moves continuously; one cheap read). */
const REFRESH_MS = 5000;

const startOfToday = () => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
};

/** The day at a glance for admins: counters, bids per hour, each projection's lag, the latest parked events. */
export function Dashboard() {
  const { permissions } = usePermissions<string[]>();
  const isAdmin = permissions?.includes('admin') ?? false;
  const t = useTranslate();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!isAdmin) return;
    let alive = true;
    const load = () =>
      api<Overview>('GET', `/projections/overview?since=${encodeURIComponent(startOfToday())}`).then(
        (r) => alive && (setOverview(r.body), setError(null)),
        (e: Error) => alive && setError(e.message),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [isAdmin]);

  if (!isAdmin)
    return (
      <Card>
        <Title title="Megabot" />
        <CardContent>
          <Typography>
            {t('Auditors work in')} <Link to="/audit-lots">{t('Audit: lots')}</Link>
            {t(": every lot's history event by event, at any point in time, with the chain verified.")}
          </Typography>
        </CardContent>
      </Card>
    );
  return (
    <Box sx={{ display: 'grid', gap: 2, mt: 1 }}>
      <Title title="Dashboard" />
      {error && <Alert severity="error">{t('The overview could not be read: %{error}', { error })}</Alert>}
      {overview && (
        <>
          <Box component="section" aria-label={t('Today')} sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))' }}>
            <Counter label="Open lots" value={overview.counters.openLots} to="/lots" />
            <Counter label="Bids today" value={overview.counters.bidsSince} />
            <Counter label="Bookings today" value={overview.counters.bookingsSince} />
            <Counter label="Verified employees" value={overview.counters.verifiedEmployees} of={overview.counters.activeEmployees} to="/employees" />
            <Counter
              label="Displays needing attention"
              value={overview.counters.displaysNeedingAttention}
              of={overview.counters.displays}
              to="/displays"
              warn={overview.counters.displaysNeedingAttention > 0}
            />
          </Box>
          <Card component="section" aria-label={t('Bids per hour')}>
            <CardContent>
              <Typography variant="h6" component="h2">
                {t('Bids per hour, last 24 hours')}
              </Typography>
              <BidsChart hours={overview.bidsByHour} at={overview.at} />
            </CardContent>
          </Card>
          <Card component="section" aria-label={t('Projections')}>
            <CardContent>
              <Typography variant="h6" component="h2">
                {t('Projections')}
              </Typography>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('Projection')}</TableCell>
                    <TableCell align="right">{t('Events behind')}</TableCell>
                    <TableCell align="right">{t('Parked')}</TableCell>
                    <TableCell>{t('State')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {overview.projections.map((p) => (
                    <TableRow key={p.projection}>
                      <TableCell>{p.projection}</TableCell>
                      <TableCell align="right">{p.behind ?? '—'}</TableCell>
                      <TableCell align="right">{p.parked}</TableCell>
                      <TableCell>
                        {p.blocking > 0
                          ? t('⛔ stopped on an event')
                          : p.parked > 0
                            ? t('⚠ events parked')
                            : (p.behind ?? 0) > 100
                              ? t('catching up')
                              : t('up to date')}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
          <Card component="section" aria-label={t('Recent problems')}>
            <CardContent>
              <Typography variant="h6" component="h2">
                {t('Recent problems')}
              </Typography>
              {overview.problems.length === 0 ? (
                <Typography color="text.secondary">{t('No event is waiting for a decision.')}</Typography>
              ) : (
                <ul>
                  {overview.problems.map((p) => (
                    <li key={`${p.projection}/${p.eventId}`}>
                      <strong>{p.projection}</strong>: {p.eventType} {p.eventId} — {p.error} ({new Date(p.parkedAt).toLocaleString()})
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </>
      )}
    </Box>
  );
}

function Counter({ label, value, of, to, warn }: { label: string; value: number; of?: number; to?: string; warn?: boolean }) {
  const t = useTranslate();
  const body = (
    <CardContent>
      <Typography variant="body2" color="text.secondary">
        {t(label)}
      </Typography>
      <Typography
        variant="h4"
        component="p"
        color={warn ? 'error' : 'text.primary'}
        aria-label={`${t(label)}: ${value}${of === undefined ? '' : ` ${t('of %{total}', { total: of })}`}`}
      >
        {value}
        {of !== undefined && (
          <Typography component="span" variant="body1" color="text.secondary">
            {' '}
            {t('of %{total}', { total: of })}
          </Typography>
        )}
      </Typography>
    </CardContent>
  );
  return (
    <Card>
      {to ? (
        <Link to={to} underline="none" color="inherit">
          {body}
        </Link>
      ) : (
        body
      )}
    </Card>
  );
}

/** A plain SVG bar chart: 24 bars, the newest hour on the right, labelled for screen readers. */
function BidsChart({ hours, at }: { hours: number[]; at: string }) {
  const t = useTranslate();
  const max = Math.max(1, ...hours);
  const end = new Date(at).getHours();
  const label = (i: number) => `${String((end - (23 - i) + 24) % 24).padStart(2, '0')}:00`;
  return (
    <svg
      viewBox="0 0 480 140"
      role="img"
      aria-label={`${t('Bids per hour')}: ${hours.map((n, i) => `${label(i)} ${n}`).join(', ')}`}
      style={{ width: '100%', maxWidth: 720 }}
    >
      {hours.map((n, i) => {
        const h = Math.round((n / max) * 100);
        return (
          <g key={i}>
            <rect x={i * 20 + 12} y={110 - h} width={16} height={h} fill="#1976d2">
              <title>{`${label(i)}: ${n}`}</title>
            </rect>
            {i % 4 === 3 && (
              <text x={i * 20 + 20} y={128} fontSize={10} textAnchor="middle" fill="currentColor">
                {label(i)}
              </text>
            )}
          </g>
        );
      })}
      <text x={2} y={10} fontSize={10} fill="currentColor">
        {t('max %{max}', { max })}
      </text>
    </svg>
  );
}
