import { allChanges, allIds } from './connector-testing';
import { MediaWikiFixture } from './fixtures/mediawiki.fixture';
import { MediaWikiConnector } from './mediawiki.connector';
import { SourceHttp } from './source-http';

describe('MediaWikiConnector against a MediaWiki API fixture', () => {
  let wiki: MediaWikiFixture;
  let waits: number[];
  const connector = (namespaces = [0, 4]) =>
    new MediaWikiConnector({
      sourceId: 'wiki',
      location: `${wiki.server.url}/w`,
      namespaces,
      access: { public: true, allow: [], classification: 'internal' },
      http: new SourceHttp({ authorization: 'Bearer wiki-token', sleep: async (ms) => void waits.push(ms) }),
      batchSize: 2,
    });

  beforeEach(async () => {
    wiki = new MediaWikiFixture(2);
    await wiki.server.start();
    waits = [];
    wiki.edit('VPN', "'''VPN''' is set up by the [[IT Helpdesk|helpdesk]].\n== Steps ==\n* Install OpenVPN");
    wiki.edit('Отпуск', 'Сотрудник получает 28 дней отпуска.');
    wiki.edit('Onboarding/Laptop', 'Laptops are issued on day one.');
    wiki.edit('Project:About', 'About this wiki.', 4);
    wiki.edit('User:Anna', 'My notes.', 2);
  });
  afterEach(() => wiki.server.stop());

  it('the first run reads every page of the namespaces through allpages and continue, and starts the cursor at the newest change', async () => {
    const { documents, cursor, pages } = await allChanges(connector(), null);
    expect(documents.map((d) => d.title).sort()).toEqual(['Onboarding/Laptop', 'Project:About', 'VPN', 'Отпуск']);
    expect(pages.length).toBeGreaterThan(1);
    expect(wiki.server.requests.filter((r) => r.query.get('list') === 'allpages' && r.query.get('apcontinue')).length).toBeGreaterThan(0);
    const vpn = documents.find((d) => d.title === 'VPN')!;
    expect(vpn).toMatchObject({
      nativeId: '1',
      body: 'VPN is set up by the helpdesk.\n\n## Steps\n\n- Install OpenVPN',
      breadcrumb: ['Main'],
      url: `${wiki.server.url}/wiki/VPN`,
      language: 'en',
      access: { public: true, allow: [], classification: 'internal' },
      sourceVersion: '100',
    });
    expect(documents.find((d) => d.title === 'Onboarding/Laptop')!.breadcrumb).toEqual(['Main', 'Onboarding']);
    expect(documents.find((d) => d.title === 'Project:About')!.breadcrumb).toEqual(['Project']);
    expect(cursor).toBe(wiki.changes[wiki.changes.length - 1].timestamp);
    expect(wiki.server.requests.every((r) => r.authorization === 'Bearer wiki-token')).toBe(true);
  });

  it('follows recent changes from the cursor: edits, a rename (same id, new title), a deletion', async () => {
    const first = await allChanges(connector(), null);
    wiki.edit('VPN', 'VPN now uses WireGuard.');
    wiki.move(2, 'Отпуск (правила)');
    wiki.delete(3);
    wiki.edit('New page', 'Fresh.');
    const next = await allChanges(connector(), first.cursor);
    const byId = Object.fromEntries(next.documents.map((d) => [d.nativeId, d]));
    expect(byId['1'].body).toBe('VPN now uses WireGuard.');
    expect(byId['2'].title).toBe('Отпуск (правила)');
    expect(Object.keys(byId)).toContain('7');
    expect(next.deletedIds).toContain('3');
    expect(next.documents.some((d) => d.body.startsWith('#REDIRECT'))).toBe(false);
    expect(wiki.server.requests.filter((r) => r.query.get('rccontinue')).length).toBeGreaterThan(0);
    expect(next.cursor).toBe(wiki.changes[wiki.changes.length - 1].timestamp);
  });

  it('waits as long as a 429 says in Retry-After, then goes on', async () => {
    wiki.server.throttle(2, '3');
    const { documents } = await allChanges(connector(), null);
    expect(documents).toHaveLength(4);
    expect(waits).toEqual([3000, 3000]);
  });

  it('lists the ids of every non-redirect page for the prune pass', async () => {
    wiki.move(2, 'Leave');
    wiki.delete(3);
    expect(await allIds(connector())).toEqual(['1', '2', '4']);
    expect(await allIds(connector([0]))).toEqual(['1', '2']);
  });
});
