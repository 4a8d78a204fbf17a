import { DomainError } from '../shared/domain-error';

/** Every rejection of the company feature, with a stable `company.*` code. */
export const CompanyErrors = {
  adminRequired: (action: string) => new DomainError('company.admin_required', 'unprocessable', `Only an admin may ${action}`, { action }),
  invalidField: (field: string, message: string) => new DomainError('company.invalid_field', 'unprocessable', `${field} ${message}`, { field }),
  invalidCalendar: (message: string) => new DomainError('company.invalid_calendar', 'unprocessable', `Production calendar: ${message}`),
  linkExists: (linkId: string) => new DomainError('company.link_exists', 'conflict', `Link ${linkId} already exists`, { linkId }),
  linkNotFound: (linkId: string) => new DomainError('company.link_not_found', 'not_found', `Link ${linkId} does not exist`, { linkId }),
  announcementNotFound: (announcementId: string) =>
    new DomainError('company.announcement_not_found', 'not_found', `Announcement ${announcementId} was never published`, { announcementId }),
  announcementExists: (announcementId: string) =>
    new DomainError('company.announcement_exists', 'conflict', `Announcement ${announcementId} was published with other content`, { announcementId }),
  noChanges: () => new DomainError('company.no_changes', 'unprocessable', 'An update needs at least one field'),
};
