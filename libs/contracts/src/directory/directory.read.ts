import type { DirectoryPrivacy } from '../identity/identity.events';

/** A colleague as a line of a list (search results, reports, the manager chain): only what every colleague may see. */
export interface DirectoryPersonView {
  employeeId: string;
  fullName: string;
  position: string;
  department: string;
  office: string;
}

export interface DirectorySearchHitView extends DirectoryPersonView {
  /** The fields the query matched: name, department, position, office, project. */
  matched: string[];
  score: number;
}

export interface DirectorySearchView {
  items: DirectorySearchHitView[];
}

/**
 * An employee's card as the asker may see it. A field the employee keeps
 * from colleagues is null for them (and named in `hidden`), whether or not
 * it has a value; the employee, their managers up the chain and admins see
 * everything, and the employee and admins also get `privacy`.
 */
export interface DirectoryCardView extends DirectoryPersonView {
  projects: string[];
  email: string | null;
  /** The bound Telegram account (a `tg://user?id=` link), when bound and shown. */
  telegramUserId: number | null;
  /** An https URL or a Telegram file id. */
  photo: string | null;
  manager: DirectoryPersonView | null;
  /** From the line manager up to the top. */
  managerChain: DirectoryPersonView[];
  directReports: DirectoryPersonView[];
  /** Fields withheld from this asker by the employee's privacy flags. */
  hidden: (keyof DirectoryPrivacy)[];
  /** The employee's own setting: only for themselves and admins. */
  privacy: DirectoryPrivacy | null;
}
