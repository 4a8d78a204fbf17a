import { useState, type FormEvent } from 'react';
import { useLogin, useNotify } from 'react-admin';
import { Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';

/** Sign in through the bot: the employee confirms in Telegram ("It was me"); this page waits for the answer. */
export function LoginPage() {
  const login = useLogin();
  const notify = useNotify();
  const [who, setWho] = useState('');
  const [state, setState] = useState<'idle' | 'starting' | 'waiting'>('idle');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setState('starting');
    login({ who, onProgress: () => setState('waiting') }).catch((err: Error) => {
      setState('idle');
      notify(err.message, { type: 'error' });
    });
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: '#eef2f6', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>
            Megabot admin
          </Typography>
          {state === 'waiting' ? (
            <Box role="status" aria-live="polite" sx={{ display: 'flex', gap: 2, alignItems: 'center', py: 2 }}>
              <CircularProgress size={28} aria-hidden />
              <Typography>
                Open Telegram: the bot asks whether this sign-in is you. Press <b>It was me</b> and this page signs you in.
              </Typography>
            </Box>
          ) : (
            <form onSubmit={submit}>
              <Typography variant="body2" color="text.secondary" gutterBottom>
                For admins and auditors. The bot asks you to confirm the sign-in on your bound Telegram account.
              </Typography>
              <TextField
                id="who"
                label="Employee id or corporate e-mail"
                value={who}
                onChange={(e) => setWho(e.target.value)}
                fullWidth
                required
                autoFocus
                margin="normal"
                autoComplete="username"
              />
              <Button type="submit" variant="contained" fullWidth disabled={state !== 'idle'} sx={{ mt: 1 }}>
                Sign in with Telegram
              </Button>
            </form>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
