import { isAdmin, PROJECT_CODE_PATTERN, projectStreamId, TIMESHEETS_SCHEMA_VERSIONS, type Actor, type ProjectEvent } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { TimesheetsErrors } from './timesheets.errors';

/**
 * Stream `project-<code>`: a project time can be logged to. Admins open and
 * close projects; who works on one is identity's `EmployeeRecord.projects`.
 */
export interface OpenProject {
  type: 'OpenProject';
  code: string;
  name: string;
  actor: Actor;
}
export interface CloseProject {
  type: 'CloseProject';
  code: string;
  actor: Actor;
}
export interface ReopenProject {
  type: 'ReopenProject';
  code: string;
  actor: Actor;
}
export type ProjectCommand = OpenProject | CloseProject | ReopenProject;

export type ProjectState = { status: 'none' } | { status: 'open' | 'closed'; code: string; name: string };
export const initialProjectState: ProjectState = Object.freeze({ status: 'none' }) as ProjectState;

export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  switch (event.type) {
    case 'ProjectOpened':
      return { status: 'open', code: event.data.code, name: event.data.name };
    case 'ProjectClosed':
      return state.status === 'none' ? state : { ...state, status: 'closed' };
    case 'ProjectReopened':
      return state.status === 'none' ? state : { ...state, status: 'open' };
    default:
      return state;
  }
}

export function decideProject(state: ProjectState, c: ProjectCommand, now: Date): ProjectEvent[] {
  if (!isAdmin(c.actor)) throw TimesheetsErrors.adminRequired('manage projects');
  const at = now.toISOString();
  const by = c.actor.employeeId;
  if (c.type === 'OpenProject') {
    if (typeof c.code !== 'string' || !PROJECT_CODE_PATTERN.test(c.code)) throw TimesheetsErrors.invalid('code', 'must be 1-64 letters, digits, "_" or "-"');
    const name = (c.name ?? '').trim();
    if (!name || name.length > 200) throw TimesheetsErrors.invalid('name', 'must be 1-200 characters');
    if (state.status !== 'none') throw TimesheetsErrors.projectExists(c.code);
    return [{ type: 'ProjectOpened', data: { code: c.code, name, openedBy: by, openedAt: at } }];
  }
  if (state.status === 'none') throw TimesheetsErrors.projectNotFound(c.code);
  if (c.type === 'CloseProject') return state.status === 'closed' ? [] : [{ type: 'ProjectClosed', data: { code: c.code, closedBy: by, closedAt: at } }];
  return state.status === 'open' ? [] : [{ type: 'ProjectReopened', data: { code: c.code, reopenedBy: by, reopenedAt: at } }];
}

export const projectDecider: Decider<ProjectCommand, ProjectEvent, ProjectState> = {
  initialState: initialProjectState,
  evolve: evolveProject,
  decide: decideProject,
};

export const projectWriteSide: WriteSideDefinition<ProjectCommand, ProjectEvent, ProjectState> = {
  name: 'timesheets.project',
  decider: projectDecider,
  streamOf: (c) => projectStreamId(c.code),
  schemaVersionOf: versionsFrom(TIMESHEETS_SCHEMA_VERSIONS),
};
