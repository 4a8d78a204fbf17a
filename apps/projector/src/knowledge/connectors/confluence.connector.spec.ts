import { ConfluenceConnector } from './confluence.connector';
import { allChanges, allIds, employeesByEmail } from './connector-testing';
import { ConfluenceFixture } from './fixtures/confluence.fixture';
import { docxFile, pdfFile } from './fixtures/office-files';
import { SourceHttp } from './source-http';

const EMPLOYEES = { 'anna@corp.example': 'e-anna', 'boris@corp.example': 'e-boris', 'carl@corp.example': 'e-carl', 'ceo@corp.example': 'e-ceo' };

describe('ConfluenceConnector against a Confluence REST fixture', () => {
  let cf: ConfluenceFixture;
  let waits: number[];
  const ids: Record<string, string> = {};
  const connector = (spaces: string[] = []) =>
    new ConfluenceConnector({
      sourceId: 'cf',
      location: cf.site,
      spaces,
      everyoneGroups: ['confluence-users'],
      classification: 'internal',
      employees: employeesByEmail(EMPLOYEES),
      http: new SourceHttp({ authorization: 'Basic c3luYzp0b2tlbg==', sleep: async (ms) => void waits.push(ms) }),
      pageSize: 2,
    });
  const byTitle = async (cursor: string | null = null) => {
    const run = await allChanges(connector(), cursor);
    return { ...run, docs: Object.fromEntries(run.documents.map((d) => [d.title, d])) };
  };

  beforeEach(async () => {
    cf = new ConfluenceFixture(2);
    await cf.server.start();
    waits = [];
    cf.space('ENG', 'Engineering', { users: [], groups: ['confluence-users'] });
    cf.space('HR', 'Human resources', { users: ['ceo@corp.example'], groups: ['hr'] });
    cf.groups.set('hr', ['anna@corp.example', 'boris@corp.example', 'ghost@corp.example']);
    cf.groups.set('finance', ['anna@corp.example', 'carl@corp.example']);
    cf.groups.set('confluence-users', ['anna@corp.example', 'boris@corp.example', 'carl@corp.example', 'ceo@corp.example']);
    ids.deploy = cf.page('ENG', 'Deploy', '<h1>Deploy</h1><p>Run the pipeline.</p>');
    ids.arch = cf.page('ENG', 'Architecture', '<p>Services talk over HTTP.</p>', { parentId: ids.deploy });
    ids.plan = cf.page('ENG', 'Secret plan', '<p>Acquisition.</p>', { restrictions: { users: ['ceo@corp.example'], groups: [] } });
    ids.planChild = cf.page('ENG', 'Plan details', '<p>Budget.</p>', { parentId: ids.plan });
    ids.leave = cf.page('HR', 'Отпуск', '<p>Сотрудник получает 28 дней.</p>');
    ids.salaries = cf.page('HR', 'Salaries', '<table><tr><td>Grade 1</td><td>100</td></tr></table>', { restrictions: { users: [], groups: ['finance'] } });
  });
  afterEach(() => cf.server.stop());

  it('a full run reads every page of every space through the paged search, with breadcrumbs, links and storage bodies', async () => {
    const { docs, pages, cursor } = await byTitle();
    expect(Object.keys(docs).sort()).toEqual(['Architecture', 'Deploy', 'Plan details', 'Salaries', 'Secret plan', 'Отпуск']);
    expect(pages.length).toBe(3);
    expect(docs['Architecture']).toMatchObject({
      nativeId: ids.arch,
      breadcrumb: ['Engineering', 'Deploy'],
      url: `${cf.site}/spaces/ENG/pages/${ids.arch}/Architecture`,
      body: 'Services talk over HTTP.',
      sourceVersion: '1',
    });
    expect(docs['Salaries'].body).toBe('Grade 1 | 100');
    expect(docs['Отпуск'].language).toBe('ru');
    expect(cursor).toBe(cf.pages.get(ids.salaries)!.when);
    expect(cf.server.requests.every((r) => r.authorization === 'Basic c3luYzp0b2tlbg==')).toBe(true);
  });

  it('mirrors permissions: everyone-space public, own and inherited restrictions, space permission inherited, levels intersected', async () => {
    const { docs } = await byTitle();
    expect(docs['Deploy'].access).toEqual({ public: true, allow: [], classification: 'internal' });
    expect(docs['Secret plan'].access).toEqual({ public: false, allow: ['user:e-ceo'], classification: 'internal' });
    // A child of a restricted page is restricted by its ancestor.
    expect(docs['Plan details'].access).toEqual({ public: false, allow: ['user:e-ceo'], classification: 'internal' });
    // No restriction: the space's read permission (a group and a user).
    expect(docs['Отпуск'].access).toEqual({ public: false, allow: ['user:e-ceo', 'group:cf/hr'], classification: 'internal' });
    // Restricted to finance inside the HR space: only who is in both (anna).
    expect(docs['Salaries'].access).toEqual({ public: false, allow: ['user:e-anna'], classification: 'internal' });
  });

  it('an incremental run asks CQL for pages modified since the cursor: edits and renames come back with their id', async () => {
    const first = await byTitle();
    cf.advance(60);
    cf.page('ENG', 'Deploy v2', '<p>Run the new pipeline.</p>', { id: ids.deploy });
    const next = await byTitle(first.cursor);
    expect(Object.keys(next.docs)).toContain('Deploy v2');
    expect(next.docs['Deploy v2']).toMatchObject({ nativeId: ids.deploy, sourceVersion: '2', body: 'Run the new pipeline.' });
    // The last page of the first run is read again (the 5-minute overlap); the content hash makes that cost nothing.
    expect(next.documents.map((d) => d.nativeId)).toEqual([ids.salaries, ids.deploy]);
    const cql = cf.server.requests
      .filter((r) => r.path.endsWith('/content/search'))
      .pop()!
      .query.get('cql');
    expect(cql).toMatch(/lastmodified >= "2026\/12\/01 \d\d:\d\d"/);
    expect(next.cursor).toBe(cf.pages.get(ids.deploy)!.when);
  });

  it('lists the current page ids per space for the prune pass (a trashed page is missing)', async () => {
    cf.trash(ids.arch);
    expect(await allIds(connector())).toEqual([ids.deploy, ids.plan, ids.planChild, ids.leave, ids.salaries].sort());
    expect(await allIds(connector(['HR']))).toEqual([ids.leave, ids.salaries].sort());
  });

  it('mirrors every group with its members paged through, unknown accounts counted', async () => {
    const mirrored = await connector().groups();
    expect(mirrored.groups).toEqual({ hr: ['e-anna', 'e-boris'], finance: ['e-anna', 'e-carl'], 'confluence-users': ['e-anna', 'e-boris', 'e-carl', 'e-ceo'] });
    expect(mirrored.unmapped).toBe(1);
    expect(cf.server.requests.filter((r) => r.path.endsWith('/group/member') && r.query.get('start') !== '0').length).toBeGreaterThan(0);
  });

  it('waits out 429 Retry-After (seconds or an HTTP date) and goes on', async () => {
    cf.server.throttle(1, '2');
    const { documents } = await allChanges(connector(), null);
    expect(documents).toHaveLength(6);
    expect(waits).toEqual([2000]);
  });

  describe('attachments', () => {
    const PDF = 'application/pdf';
    const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    beforeEach(() => {
      ids.planPdf = cf.attach(ids.plan, 'Deal terms.pdf', pdfFile([['Deal terms', 'The price is 40 million.']], 'Terms'), PDF);
      ids.deployDocx = cf.attach(ids.deploy, 'Runbook.docx', docxFile(['# Runbook', 'Roll back with the previous tag.']), DOCX);
      ids.deployMd = cf.attach(ids.deploy, 'checklist.md', Buffer.from('# Checklist\n\nTell the on-call engineer.'), 'text/markdown');
      ids.deployPng = cf.attach(ids.deploy, 'diagram.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png');
      ids.leaveTxt = cf.attach(ids.leave, 'Памятка', Buffer.from('Отпуск делится на части, одна не короче 14 дней.'), 'text/plain');
    });

    it("are documents of their own: parsed like the share's files, cited by title and download link, with their page's access", async () => {
      const { docs, pages } = await byTitle();
      expect(Object.keys(docs).sort()).toEqual(
        ['Architecture', 'Deal terms.pdf', 'Deploy', 'Plan details', 'Runbook.docx', 'Salaries', 'Secret plan', 'checklist.md', 'Отпуск', 'Памятка'].sort(),
      );
      expect(docs['Deal terms.pdf']).toMatchObject({
        nativeId: ids.planPdf,
        breadcrumb: ['Engineering', 'Secret plan'],
        url: `${cf.site}/download/attachments/${ids.plan}/Deal%20terms.pdf?version=1&modificationDate=${Date.parse(cf.attachments.get(ids.planPdf)!.when)}&api=v2`,
        body: 'Deal terms\nThe price is 40 million.',
        sourceVersion: '1',
        // the page's own restriction
        access: docs['Secret plan'].access,
      });
      expect(docs['Deal terms.pdf'].access).toEqual({ public: false, allow: ['user:e-ceo'], classification: 'internal' });
      expect(docs['Runbook.docx']).toMatchObject({ body: '# Runbook\n\nRoll back with the previous tag.', access: { public: true, allow: [] } });
      expect(docs['checklist.md'].body).toBe('# Checklist\n\nTell the on-call engineer.');
      // No restriction on the page: the space's permission, as for the page.
      expect(docs['Памятка']).toMatchObject({ language: 'ru', access: { public: false, allow: ['user:e-ceo', 'group:cf/hr'] } });
      // Three attachments on Deploy with two per page: the listing was followed through `_links.next`.
      expect(cf.server.requests.filter((r) => r.path.endsWith(`/content/${ids.deploy}/child/attachment`)).map((r) => r.query.get('start'))).toEqual(['0', '2']);
      expect(pages.flatMap((p) => p.failures ?? [])).toEqual([]);
    });

    it('are listed for the prune pass under their page: one deleted at the source, or whose page is deleted, is missing', async () => {
      const listed = await allIds(connector());
      expect(listed).toEqual(expect.arrayContaining([ids.planPdf, ids.deployDocx, ids.deployMd, ids.leaveTxt]));
      expect(listed).not.toContain(ids.deployPng); // not a readable type: never published
      cf.detach(ids.deployMd);
      cf.trash(ids.plan);
      const after = await allIds(connector());
      expect(after).toEqual(expect.arrayContaining([ids.deployDocx, ids.leaveTxt]));
      expect(after).not.toContain(ids.deployMd);
      expect(after).not.toContain(ids.planPdf);
    });

    it('a new version comes back with its page; a throttled download waits out 429 Retry-After; a broken file fails alone', async () => {
      const before = await byTitle();
      cf.advance(60);
      cf.attach(ids.deploy, 'checklist.md', Buffer.from('# Checklist\n\nTell the on-call engineer and the team lead.'), 'text/markdown');
      const broken = cf.attach(ids.deploy, 'Broken.pdf', Buffer.from('not a pdf'), PDF);
      cf.page('ENG', 'Deploy', '<p>Run the pipeline twice.</p>', { id: ids.deploy });
      cf.server.throttle(1, '3', (path) => path.includes('/download/'));
      const { documents, pages } = await allChanges(connector(), before.cursor);
      expect(waits).toEqual([3000]);
      expect(documents.find((d) => d.nativeId === ids.deployMd)).toMatchObject({
        sourceVersion: '2',
        body: '# Checklist\n\nTell the on-call engineer and the team lead.',
      });
      expect(documents.map((d) => d.title)).toEqual(expect.arrayContaining(['Deploy', 'Runbook.docx', 'checklist.md']));
      expect(pages.flatMap((p) => p.failures ?? [])).toEqual([{ nativeId: broken, reason: expect.stringContaining('unreadable') }]);
    });

    it("an incremental run finds an attachment added to a page that did not change, with the page's access", async () => {
      const before = await byTitle();
      cf.advance(60);
      const added = cf.attach(ids.plan, 'Board memo.md', Buffer.from('# Board memo\n\nThe board meets on Friday.'), 'text/markdown');
      const next = await byTitle(before.cursor);
      expect(next.docs['Board memo.md']).toMatchObject({
        nativeId: added,
        breadcrumb: ['Engineering', 'Secret plan'],
        access: { public: false, allow: ['user:e-ceo'], classification: 'internal' },
      });
      // The page itself came from one content read, not from the page feed.
      expect(next.documents.filter((d) => d.nativeId === ids.plan)).toEqual([]);
      expect(cf.server.requests.some((r) => r.path.endsWith(`/content/${ids.plan}`))).toBe(true);
      expect(next.cursor).toBe(cf.attachments.get(added)!.when);
    });
  });
});
