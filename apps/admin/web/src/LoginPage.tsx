import { useState, type FormEvent } from 'react';
import { useLogin, useNotify, useTranslate } from 'react-admin';
import { LanguageButton } from './layout';
import { Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';

/** Sign in through the bot: the employee confirms in Telegram ("It was me"); this page waits for the answer. */
export function LoginPage() {
  const login = useLogin();
  const notify = useNotify();
  const t = useTranslate();
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
          <Box sx={{ display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between' }}>
            <Typography variant="h5" component="h1" gutterBottom>
              {t('Megabot admin')}
            </Typography>
            <LanguageButton />
          </Box>
          {state === 'waiting' ? (
            <Box role="status" aria-live="polite" sx={{ display: 'flex', gap: 2, alignItems: 'center', py: 2 }}>
              <CircularProgress size={28} aria-hidden />
              <Typography>{t('Open Telegram: the bot asks whether this sign-in is you. Press It was me and this page signs you in.')}</Typography>
            </Box>
          ) : (
            <form onSubmit={submit}>
              <Typography variant="body2" color="text.secondary" gutterBottom>
                {t('For admins and auditors. The bot asks you to confirm the sign-in on your bound Telegram account.')}
              </Typography>
              <TextField
                id="who"
                label={t('Employee id or corporate e-mail')}
                value={who}
                onChange={(e) => setWho(e.target.value)}
                fullWidth
                required
                autoFocus
                margin="normal"
                autoComplete="username"
              />
              <Button type="submit" variant="contained" fullWidth disabled={state !== 'idle'} sx={{ mt: 1 }}>
                {t('Sign in with Telegram')}
              </Button>
            </form>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
