import { useEffect, useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { Alert, Box, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { api } from './api';
import { useReadSidePosition } from './live';

/** GET /auctions/reports/shill (ShillReportView of libs/contracts, which the page's build does not reach). */
interface ShillReportView {
  thresholds: { minMutualLots: number; minLostLots: number };
  mutualBidding: { employeeA: string; employeeB: string; lotsAOnB: number; lotsBOnA: number }[];
  nonWinningPushers: { bidderId: string; lotsPushed: number; lotsWon: number; maxima: number }[];
}

/**
 * Signals of shill bidding from the auction read model: pairs of employees who keep bidding on each other's lots,
 * and bidders who push prices up on lots they never win. Signals for a person to look at, not verdicts.
 */
export function ShillReport() {
  const [minMutualLots, setMutual] = useState('2');
  const [minLostLots, setLost] = useState('3');
  const [report, setReport] = useState<ShillReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const position = useReadSidePosition('auction');
  const t = useTranslate();

  useEffect(() => {
    // a threshold being typed (empty, 0) is not asked for
    if (![minMutualLots, minLostLots].every((v) => /^[1-9]\d{0,2}$/.test(v))) return;
    const q = new URLSearchParams({ minMutualLots, minLostLots });
    api<ShillReportView>('GET', `/auctions/reports/shill?${q}`).then(
      (r) => (setReport(r.body), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [minMutualLots, minLostLots, position]);

  return (
    <Card sx={{ mt: 1 }}>
      <Title title="Shill-bidding signals" />
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
          <TextField
            id="shill-mutual"
            label={t('Mutual lots at least')}
            type="number"
            size="small"
            value={minMutualLots}
            onChange={(e) => setMutual(e.target.value)}
            slotProps={{ htmlInput: { min: 1 } }}
          />
          <TextField
            id="shill-lost"
            label={t('Pushed lots at least')}
            type="number"
            size="small"
            value={minLostLots}
            onChange={(e) => setLost(e.target.value)}
            slotProps={{ htmlInput: { min: 1 } }}
          />
        </Stack>
        {error && <Alert severity="error">{error}</Alert>}
        {report && (
          <Stack spacing={3}>
            <Box>
              <Typography variant="h6" component="h2">
                {t("Bidding on each other's lots")}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('Each of the two bid on at least %{lots} lots of the other.', { lots: report.thresholds.minMutualLots })}
              </Typography>
              <Table size="small" aria-label={t("Bidding on each other's lots")}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('Employee A')}</TableCell>
                    <TableCell>{t('Employee B')}</TableCell>
                    <TableCell align="right">{t('Lots of B that A bid on')}</TableCell>
                    <TableCell align="right">{t('Lots of A that B bid on')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.mutualBidding.map((p) => (
                    <TableRow key={`${p.employeeA}:${p.employeeB}`} data-pair={`${p.employeeA}:${p.employeeB}`}>
                      <TableCell>{p.employeeA}</TableCell>
                      <TableCell>{p.employeeB}</TableCell>
                      <TableCell align="right">{p.lotsAOnB}</TableCell>
                      <TableCell align="right">{p.lotsBOnA}</TableCell>
                    </TableRow>
                  ))}
                  {report.mutualBidding.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={4}>{t('No pairs.')}</TableCell>
                    </TableRow>
                  )}
                </TableBody>
              </Table>
            </Box>
            <Box>
              <Typography variant="h6" component="h2">
                {t('Pushing prices, never winning')}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('Bid on at least %{lots} closed lots that sold to someone else above their first bid.', { lots: report.thresholds.minLostLots })}
              </Typography>
              <Table size="small" aria-label={t('Pushing prices, never winning')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('Bidder')}</TableCell>
                    <TableCell align="right">{t('Lots pushed')}</TableCell>
                    <TableCell align="right">{t('Lots won')}</TableCell>
                    <TableCell align="right">{t('Maxima')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.nonWinningPushers.map((p) => (
                    <TableRow key={p.bidderId} data-pusher={p.bidderId}>
                      <TableCell>{p.bidderId}</TableCell>
                      <TableCell align="right">{p.lotsPushed}</TableCell>
                      <TableCell align="right">{p.lotsWon}</TableCell>
                      <TableCell align="right">{p.maxima}</TableCell>
                    </TableRow>
                  ))}
                  {report.nonWinningPushers.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={4}>{t('No bidders.')}</TableCell>
                    </TableRow>
                  )}
                </TableBody>
              </Table>
            </Box>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
