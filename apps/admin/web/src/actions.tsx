import { useState, type ReactNode } from 'react';
import { SaveButton, Toolbar, useNotify, useRefresh, useTranslate } from 'react-admin';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { api } from './api';

export interface ActionField {
  name: string;
  label: string;
  required?: boolean;
  /** money: entered in roubles, sent in minor units; datetime-local: sent as an ISO instant. */
  type?: 'text' | 'number' | 'money' | 'datetime-local';
}

/** A dialog field's value as the API takes it. */
function valueOf(f: ActionField, text: string): string | number {
  if (f.type === 'number') return Number(text);
  if (f.type === 'money') return Math.round(Number(text) * 100);
  if (f.type === 'datetime-local') return new Date(text).toISOString();
  return text;
}

/**
 * A command from a button: a dialog asks for its fields (a reason...), the command goes to the API as the signed-in
 * admin, and the API's answer is shown - its problem detail, or the failing fields next to them. Label, title and
 * field labels are English texts the translator maps (i18n.ts).
 */
export function CommandButton(props: {
  label: string;
  title: string;
  path: string;
  fields?: ActionField[];
  /** Fixed fields of the command (e.g. a mode), sent with what the dialog asks for. */
  body?: Record<string, unknown>;
  color?: 'primary' | 'error' | 'warning';
  /** Values the dialog opens with (a rehire starts from the record as it was). */
  initial?: Record<string, string>;
  done: (result: any) => string;
  after?: (result: any) => void;
  /** A read that waits for the read side to reach the command's position (`…?waitFor=`): the page then shows it. */
  caughtUp?: (position: string) => string;
  children?: ReactNode;
}) {
  const notify = useNotify();
  const refresh = useRefresh();
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(props.initial ?? {});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setBusy(true);
    setErrors({});
    const body: Record<string, unknown> = Object.fromEntries(
      (props.fields ?? []).filter((f) => values[f.name] !== undefined && values[f.name] !== '').map((f) => [f.name, valueOf(f, values[f.name])]),
    );
    Object.assign(body, props.body);
    // a field named in the path ("/bids/{bidNo}/void") goes there, not into the body
    let path = props.path;
    for (const name of Object.keys(body)) {
      if (!path.includes(`{${name}}`)) continue;
      path = path.replace(`{${name}}`, encodeURIComponent(String(body[name])));
      delete body[name];
    }
    try {
      const { body: result } = await api('POST', path, body);
      setOpen(false);
      setValues(props.initial ?? {});
      notify(props.done(result), { type: 'success' });
      props.after?.(result);
      // read your writes: the refreshed page shows the command's effect once the read side has its position
      if (props.caughtUp && typeof result.position === 'string') await api('GET', props.caughtUp(result.position)).catch(() => undefined);
      else await new Promise((r) => setTimeout(r, 300));
      refresh();
    } catch (e: any) {
      const fieldErrors: { field: string; messages: string[] }[] = e.body?.errors ?? [];
      setErrors(Object.fromEntries(fieldErrors.map((f) => [f.field, f.messages.join('; ')])));
      notify(e.message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="outlined" color={props.color ?? 'primary'} onClick={() => (props.fields?.length ? setOpen(true) : void send())} disabled={busy}>
        {t(props.label)}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={`dialog-${props.label}`}>
        <DialogTitle id={`dialog-${props.label}`}>{t(props.title)}</DialogTitle>
        <DialogContent>
          {props.children}
          {(props.fields ?? []).map((f) => (
            <TextField
              key={f.name}
              id={`action-${f.name}`}
              label={t(f.label)}
              type={f.type === 'money' ? 'number' : (f.type ?? 'text')}
              slotProps={
                f.type === 'datetime-local' ? { inputLabel: { shrink: true } } : f.type === 'money' ? { htmlInput: { step: '0.01', min: 0 } } : undefined
              }
              required={f.required}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              error={!!errors[f.name]}
              helperText={errors[f.name] ?? ' '}
              fullWidth
              margin="dense"
            />
          ))}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('Close')}</Button>
          <Button onClick={() => void send()} variant="contained" color={props.color ?? 'primary'} disabled={busy}>
            {t(props.label)}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/** An edit form's toolbar without react-admin's Delete: removing goes through the API's own commands, with their rules. */
export const SaveOnlyToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);
