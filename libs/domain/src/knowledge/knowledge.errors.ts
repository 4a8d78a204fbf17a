import { DomainError } from '../shared/domain-error';

/** Every rejection of the knowledge sources, with a stable `knowledge.*` code and the details a UI can use. */
export const KnowledgeErrors = {
  adminRequired: (action: string) => new DomainError('knowledge.admin_required', 'unprocessable', `Only an admin may ${action}`, { action }),
  invalidSourceId: (value: string) =>
    new DomainError('knowledge.invalid_source_id', 'unprocessable', `sourceId "${value}" must be 1-32 lower-case letters, digits, "_" or "-"`, { value }),
  invalidSettings: (field: string, message: string) => new DomainError('knowledge.invalid_settings', 'unprocessable', `${field}: ${message}`, { field }),
  kindChanged: (sourceId: string, kind: string) =>
    new DomainError('knowledge.kind_changed', 'conflict', `Source ${sourceId} is a ${kind} source; remove it and configure a new one to change its kind`, {
      sourceId,
      kind,
    }),
  sourceNotFound: (sourceId: string) => new DomainError('knowledge.source_not_found', 'not_found', `Knowledge source ${sourceId} does not exist`, { sourceId }),
  sourceRemoved: (sourceId: string) => new DomainError('knowledge.source_removed', 'conflict', `Knowledge source ${sourceId} was removed`, { sourceId }),
  invalidDocument: (nativeId: string, message: string) =>
    new DomainError('knowledge.invalid_document', 'unprocessable', `Document ${nativeId}: ${message}`, { nativeId }),
};
