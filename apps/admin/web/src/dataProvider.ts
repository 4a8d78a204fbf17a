import { fetchUtils, type DataProvider } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { headersFor } from './api';

/** The admin back end's react-admin adapter (`/ra`), with the CSRF token and a command id on every change. */
const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, {
    ...options,
    credentials: 'same-origin',
    headers: headersFor(options.method ?? 'GET', (options.headers as HeadersInit) ?? { Accept: 'application/json' }),
  });

const base = simpleRestProvider('./ra', httpClient);

/** Only what the form changed goes to the API (its updates take the fields to change). */
function changed(data: Record<string, unknown>, previous: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => k !== 'id' && JSON.stringify(v) !== JSON.stringify(previous[k])));
}

/** Resources whose edit is the API's create-or-change command: it takes the whole record. */
const WHOLE_RECORD_UPDATES = new Set(['knowledge-sources']);

export const dataProvider: DataProvider = {
  ...base,
  update: (resource, params) =>
    base.update(resource, { ...params, data: WHOLE_RECORD_UPDATES.has(resource) ? params.data : changed(params.data, params.previousData) }),
};
