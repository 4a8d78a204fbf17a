import type { KnowledgeAccess } from '@megabot/contracts';
import type { KnowledgeDocumentSnapshot } from './knowledge-document.decider';

/** Test documents. The domain has no crypto: a stand-in 64-hex digest of the body (connectors compute the real SHA-256). */
export const NOW = new Date('2026-12-03T10:00:00.000Z');
export const admin = { employeeId: 'e-admin', roles: ['admin'] };
export const employee = { employeeId: 'e-anna', roles: [] };
export const PUBLIC_INTERNAL: KnowledgeAccess = { public: true, allow: [], classification: 'internal' };

export function snapshot(nativeId: string, body: string, over: Partial<KnowledgeDocumentSnapshot> = {}): KnowledgeDocumentSnapshot {
  return {
    sourceId: 'wiki',
    nativeId,
    title: `Page ${nativeId}`,
    breadcrumb: ['Main'],
    url: `http://wiki.local/index.php?curid=${nativeId}`,
    body,
    contentHash: digest(body),
    language: 'en',
    access: PUBLIC_INTERNAL,
    sourceVersion: '1',
    modifiedAt: '2026-12-01T09:00:00.000Z',
    ...over,
  };
}

/** FNV-1a over the body, eight times with different seeds: 64 hex characters that differ when the body does. */
function digest(body: string): string {
  let out = '';
  for (let seed = 0; seed < 8; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}
