import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLogin, useNotify, useTranslate } from 'react-admin';
import type { TelegramWidgetUser } from './authProvider';
import { LanguageButton } from './layout';
import { Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';

/** Sign in through the bot: the employee confirms in Telegram ("It was me"); this page waits for the answer. */
export function LoginPage() {
  const login = useLogin();
  const notify = useNotify();
  const t = useTranslate();
  const [who, setWho] = useState('');
  const [state, setState] = useState<'idle' | 'starting' | 'waiting'>('idle');

  const [widgetBot, setWidgetBot] = useState<string | null>(null);
  useEffect(() => {
    fetch('./site')
      .then((r) => r.json())
      .then((site: { telegramLogin: { botUsername: string } | null }) => setWidgetBot(site.telegramLogin?.botUsername ?? null))
      .catch(() => undefined);
  }, []);
  const widgetLogin = (user: TelegramWidgetUser) => {
    setState('starting');
    login({ widget: user }).catch((err: Error) => {
      setState('idle');
      notify(err.message, { type: 'error' });
    });
  };

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
          {widgetBot && state === 'idle' && (
            <Box sx={{ mt: 3, textAlign: 'center' }}>
              <Typography variant="body2" color="text.secondary" gutterBottom>
                {t('Or sign in with the Telegram account bound to you')}
              </Typography>
              <TelegramLoginWidget botUsername={widgetBot} onAuth={widgetLogin} />
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}

declare global {
  interface Window {
    megabotTelegramAuth?: (user: TelegramWidgetUser) => void;
  }
}

/** Telegram's Login Widget: its script draws the button and calls back with the signed account (core.telegram.org/widgets/login). */
function TelegramLoginWidget({ botUsername, onAuth }: { botUsername: string; onAuth: (user: TelegramWidgetUser) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef(onAuth);
  latest.current = onAuth;
  // the script is loaded once per bot; its callback reaches the page's current handler
  useEffect(() => {
    window.megabotTelegramAuth = (user) => latest.current(user);
    const script = document.createElement('script');
    script.async = true;
    script.src = 'https://telegram.org/js/telegram-widget.js?22';
    script.dataset.telegramLogin = botUsername;
    script.dataset.size = 'large';
    script.dataset.onauth = 'megabotTelegramAuth(user)';
    box.current?.replaceChildren(script);
    return () => {
      delete window.megabotTelegramAuth;
    };
  }, [botUsername]);
  return <div ref={box} id="telegram-login" />;
}
