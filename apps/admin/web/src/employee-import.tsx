import { useState, type ChangeEvent } from 'react';
import { Title, useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { headersFor } from './api';

interface Report {
  hired: string[];
  updated: string[];
  unchanged: string[];
  rejected: { line: number; employeeId: string | null; reason: string }[];
}
type Line =
  { type: 'progress'; done: number; total: number } | { type: 'report'; report: Report } | { type: 'problem'; problem: { title?: string; detail?: string } };

/** Sends the file to the API's import and reads its progress lines as they come (application/x-ndjson). */
async function importCsv(csv: string, onLine: (line: Line) => void): Promise<void> {
  const res = await fetch('./api/identity/employees/import', {
    method: 'POST',
    credentials: 'same-origin',
    headers: headersFor('POST', { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' }),
    body: JSON.stringify({ csv }),
  });
  if (!res.ok || !res.body) {
    const problem = await res.json().catch(() => ({}));
    const fields = (problem.errors ?? []).map((e: { messages: string[] }) => e.messages.join('; ')).join('; ');
    throw new Error(fields || problem.detail || problem.title || `HTTP ${res.status}`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (text) onLine(JSON.parse(text) as Line);
    }
  }
}

/**
 * The CSV import of the CLI, from the browser: pick the file, watch the rows being applied, then read what was hired,
 * updated and left alone, and every rejected row with its reason. Importing the same file again changes nothing.
 */
export function EmployeeImport() {
  const t = useTranslate();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    setFile(e.target.files?.[0] ?? null);
    setReport(null);
    setError(null);
    setProgress(null);
  };
  const run = async () => {
    if (!file) return;
    setRunning(true);
    setReport(null);
    setError(null);
    setProgress({ done: 0, total: 0 });
    try {
      await importCsv(await file.text(), (line) => {
        if (line.type === 'progress') setProgress({ done: line.done, total: line.total });
        else if (line.type === 'report') setReport(line.report);
        else setError(line.problem.detail ?? line.problem.title ?? 'The import failed');
      });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Import employees" />
      <CardContent>
        <Typography variant="body2" gutterBottom>
          {t(
            'A CSV with a header row: employeeId, fullName, email, department, position, office, managerId, roles, clearance, projects (roles and projects separated by ";"). New employees are hired, changed ones updated, equal ones left alone.',
          )}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ my: 2, alignItems: { sm: 'center' } }}>
          <Button variant="outlined" component="label" startIcon={<UploadFileIcon />} disabled={running}>
            {t('Choose a CSV file')}
            <input hidden type="file" accept=".csv,text/csv" aria-label={t('CSV file')} onChange={pick} />
          </Button>
          <Typography variant="body2" aria-live="polite">
            {file ? `${file.name} (${Math.ceil(file.size / 1024)} kB)` : t('No file chosen')}
          </Typography>
          <Button variant="contained" onClick={() => void run()} disabled={!file || running}>
            {t('Import')}
          </Button>
        </Stack>
        {progress && (
          <Box role="status" aria-live="polite" sx={{ my: 2 }}>
            <LinearProgress
              variant={progress.total ? 'determinate' : 'indeterminate'}
              value={progress.total ? (100 * progress.done) / progress.total : 0}
              aria-label={t('Import progress')}
            />
            <Typography variant="body2" sx={{ mt: 1 }}>
              {progress.total || !running ? t('Applied %{done} of %{total} rows', progress) : t('Reading the file…')}
            </Typography>
          </Box>
        )}
        {error && (
          <Alert severity="error" sx={{ my: 2 }}>
            {error}
          </Alert>
        )}
        {report && (
          <Box sx={{ my: 2 }}>
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }} aria-label={t('Import result')}>
              <Chip color="success" label={t('Hired: %{n}', { n: report.hired.length })} />
              <Chip color="info" label={t('Updated: %{n}', { n: report.updated.length })} />
              <Chip label={t('Unchanged: %{n}', { n: report.unchanged.length })} />
              <Chip color={report.rejected.length ? 'error' : 'default'} label={t('Rejected: %{n}', { n: report.rejected.length })} />
            </Stack>
            {report.rejected.length > 0 && (
              <>
                <Typography variant="h6" component="h2">
                  {t('Rejected rows')}
                </Typography>
                <Box sx={{ overflowX: 'auto' }}>
                  <Table size="small" aria-label={t('Rejected rows')}>
                    <TableHead>
                      <TableRow>
                        <TableCell>{t('Line')}</TableCell>
                        <TableCell>{t('Employee id')}</TableCell>
                        <TableCell>{t('Reason')}</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {report.rejected.map((r) => (
                        <TableRow key={`${r.line}-${r.employeeId}`} data-line={r.line}>
                          <TableCell>{r.line}</TableCell>
                          <TableCell>{r.employeeId ?? '—'}</TableCell>
                          <TableCell>{r.reason}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </Box>
              </>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
