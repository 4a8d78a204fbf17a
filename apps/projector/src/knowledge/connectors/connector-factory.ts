import { resolve, sep } from 'node:path';
import { CLEARANCE_LEVELS, type ClearanceLevel, type KnowledgeSourceConfigured } from '@megabot/contracts';
import { ConfluenceConnector } from './confluence.connector';
import { FileShareConnector } from './fileshare.connector';
import { settingList, type EmployeeLookup, type KnowledgeConnector } from './knowledge-connector';
import { MediaWikiConnector } from './mediawiki.connector';
import { SourceHttp, type SourceHttpOptions } from './source-http';

export interface ConnectorEnvironment {
  employees: EmployeeLookup;
  /** Folders a file share may be read from (KNOWLEDGE_SHARE_ROOTS). */
  shareRoots: string[];
  /** Where credentials are looked up by their reference (process.env in production). */
  secrets: Readonly<Record<string, string | undefined>>;
  http?: Omit<SourceHttpOptions, 'authorization'>;
}

export class KnowledgeSourceConfigError extends Error {}

type SourceConfig = Omit<KnowledgeSourceConfigured['data'], 'configuredBy' | 'configuredAt'>;

/**
 * The connector for a configured source. The credential is read here, from the environment variable the source
 * names, and goes only into the Authorization header: `user:token` (Confluence e-mail and API token) as Basic,
 * anything else as a Bearer token (Confluence personal access token, MediaWiki OAuth owner-only token).
 */
export function knowledgeConnectorFor(config: SourceConfig, env: ConnectorEnvironment): KnowledgeConnector {
  const s = config.settings;
  const classification = CLEARANCE_LEVELS.includes(s.classification as ClearanceLevel) ? (s.classification as ClearanceLevel) : 'internal';
  if (config.kind === 'fileshare') {
    const root = resolve(config.location);
    if (!env.shareRoots.some((allowed) => root === allowed || root.startsWith(allowed.endsWith(sep) ? allowed : `${allowed}${sep}`)))
      throw new KnowledgeSourceConfigError(`${config.location} is outside the folders file shares may be read from (KNOWLEDGE_SHARE_ROOTS)`);
    return new FileShareConnector({
      sourceId: config.sourceId,
      root,
      baseUrl: typeof s.baseUrl === 'string' ? s.baseUrl : undefined,
      classification,
      employees: env.employees,
    });
  }
  let authorization: string | undefined;
  if (config.credentialRef) {
    const secret = env.secrets[config.credentialRef];
    if (!secret) throw new KnowledgeSourceConfigError(`the credential ${config.credentialRef} is not set in the projector's environment`);
    authorization = secret.includes(':') ? `Basic ${Buffer.from(secret).toString('base64')}` : `Bearer ${secret}`;
  }
  const http = new SourceHttp({ ...env.http, authorization });
  if (config.kind === 'mediawiki') {
    const allow = settingList(s.allow);
    const namespaces = settingList(s.namespaces)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n >= 0);
    return new MediaWikiConnector({
      sourceId: config.sourceId,
      location: config.location,
      namespaces: namespaces.length ? namespaces : [0],
      access: { public: allow.length === 0, allow, classification },
      http,
    });
  }
  return new ConfluenceConnector({
    sourceId: config.sourceId,
    location: config.location,
    spaces: settingList(s.spaces),
    everyoneGroups: s.everyoneGroups === undefined ? ['confluence-users'] : settingList(s.everyoneGroups),
    classification,
    employees: env.employees,
    http,
  });
}
