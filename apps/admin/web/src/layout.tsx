import { useState, type ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator, ToggleThemeButton, useLocales, useLocaleState, useTranslate } from 'react-admin';
import { IconButton, Menu, MenuItem } from '@mui/material';
import TranslateIcon from '@mui/icons-material/Translate';

/**
 * The language switcher as an icon, named for screen readers ("Language: English"): react-admin's own shows the
 * language's name, which leaves a phone's title bar no room for the page's title.
 */
export function LanguageButton() {
  const t = useTranslate();
  const locales = useLocales();
  const [locale, setLocale] = useLocaleState();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const current = locales.find((l) => l.locale === locale)?.name ?? locale;
  return (
    <>
      <IconButton color="inherit" aria-label={t('Language: %{name}', { name: current })} aria-haspopup="menu" onClick={(e) => setAnchor(e.currentTarget)}>
        <TranslateIcon />
      </IconButton>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {locales.map((l) => (
          <MenuItem
            key={l.locale}
            lang={l.locale}
            selected={l.locale === locale}
            onClick={() => {
              setLocale(l.locale);
              setAnchor(null);
            }}
          >
            {l.name}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

const AdminAppBar = () => (
  <AppBar
    toolbar={
      <>
        <LanguageButton />
        <ToggleThemeButton />
        <LoadingIndicator />
      </>
    }
  />
);

export const AdminLayout = ({ children }: { children: ReactNode }) => <Layout appBar={AdminAppBar}>{children}</Layout>;
