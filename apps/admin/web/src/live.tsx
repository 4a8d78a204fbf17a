import { useEffect, useRef, useState } from 'react';
import { List, Show, useListContext, useShowContext, type ListProps, type ShowProps } from 'react-admin';
import { api } from './api';

/** How often the read side's positions are asked for while something on the page follows them. */
const POLL_MS = 2000;

type Listener = (positions: Record<string, string>) => void;
const listeners = new Set<Listener>();
/** One chain of polls at a time; it ends at the first round with nobody listening. */
let polling = false;
let latest: Record<string, string> = {};

/**
 * One poll for the whole page: where each projection stands in the event log (GET /projections/positions). Lists
 * and calendars subscribe to the projection they show and reload only when its position moves (a projection's
 * checkpoint passes every event of the log, so a quiet log means no reload at all).
 */
function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!polling) {
    polling = true;
    void poll();
  }
  return () => listeners.delete(listener);
}

async function poll(): Promise<void> {
  if (listeners.size === 0) {
    polling = false;
    return;
  }
  try {
    latest = (await api<{ positions: Record<string, string> }>('GET', '/projections/positions')).body.positions;
    for (const l of listeners) l(latest);
  } catch {
    // signed out or the API away a moment: the next round tries again
  }
  setTimeout(() => void poll(), POLL_MS);
}

/** The log position a projection has reached (undefined until the first answer); a new value means new data. */
export function useReadSidePosition(projection: string): string | undefined {
  const [position, setPosition] = useState<string | undefined>(latest[projection]);
  useEffect(() => subscribe((all) => setPosition(all[projection])), [projection]);
  return position;
}

/**
 * A react-admin <List> that reloads (same page, filters and sort) when the projection it shows moves. An empty list
 * stays a list (react-admin's "nothing yet" page would stop following, and miss the first record).
 */
export function LiveList({ projection, children, ...props }: ListProps & { projection: string }) {
  return (
    <List empty={false} {...props}>
      <FollowReadSide projection={projection} />
      {children}
    </List>
  );
}

/** A react-admin <Show> that reads its record again when the projection it shows moves (a lot's new bids). */
export function LiveShow({ projection, children, ...props }: ShowProps & { projection: string }) {
  return (
    <Show {...props}>
      <FollowReadSide projection={projection} context={useShowContext} />
      {children}
    </Show>
  );
}

/** The first position seen is the one the page was loaded at; a later one reloads it. */
function FollowReadSide({ projection, context = useListContext }: { projection: string; context?: () => { refetch: () => unknown } }) {
  const position = useReadSidePosition(projection);
  const { refetch } = context();
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (position === undefined) return;
    if (seen.current !== undefined && seen.current !== position) void refetch();
    seen.current = position;
  }, [position, refetch]);
  return null;
}
