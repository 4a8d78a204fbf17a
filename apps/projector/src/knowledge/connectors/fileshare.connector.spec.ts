import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allChanges, allIds, employeesByEmail } from './connector-testing';
import { FileShareConnector } from './fileshare.connector';
import { docxFile, pdfFile } from './fixtures/office-files';
import { sha256Hex } from './knowledge-connector';

describe('FileShareConnector', () => {
  let root: string;
  const write = (path: string, content: string | Buffer, mtime = new Date('2026-12-01T10:00:00Z')) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
    utimesSync(join(root, path), mtime, mtime);
  };
  const connector = () =>
    new FileShareConnector({
      sourceId: 'share',
      root,
      baseUrl: 'https://share.example.com/docs',
      employees: employeesByEmail({ 'anna@corp.example': 'e-anna' }),
    });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'share-'));
    write('.access.json', JSON.stringify({ public: true, classification: 'internal' }));
    write('README.md', '# Welcome\n\nStart here.');
    write('HR/.access.json', JSON.stringify({ public: false, allow: ['group:hr', 'department:hr', 'email:anna@corp.example', 'email:ghost@corp.example'] }));
    write('HR/Отпуск.md', '# Отпуск\n\nСотрудник получает 28 дней отпуска в году.');
    write('HR/salaries.html', '<html><head><title>Salaries</title></head><body><h1>Grid</h1><p>Confidential grid.</p></body></html>');
    write('HR/salaries.html.access.json', JSON.stringify({ public: false, allow: ['user:e-cfo'], classification: 'confidential' }));
    write('IT/vpn.txt', 'Connect with OpenVPN.');
    write('IT/image.png', 'not a document');
    write('.groups.json', JSON.stringify({ hr: ['anna@corp.example', 'e-boris', 'nobody@corp.example'] }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads Markdown, HTML and text with titles, folders as breadcrumb, links, hashes and languages', async () => {
    const { documents, cursor } = await allChanges(connector(), null);
    expect(documents.map((d) => d.nativeId)).toEqual(['HR/salaries.html', 'HR/Отпуск.md', 'IT/vpn.txt', 'README.md']);
    const vacation = documents.find((d) => d.nativeId === 'HR/Отпуск.md')!;
    expect(vacation).toMatchObject({
      title: 'Отпуск',
      breadcrumb: ['HR'],
      url: `https://share.example.com/docs/HR/${encodeURIComponent('Отпуск.md')}`,
      language: 'ru',
      contentHash: sha256Hex(vacation.body),
    });
    expect(documents.find((d) => d.nativeId === 'HR/salaries.html')).toMatchObject({ title: 'Salaries', body: '# Grid\n\nConfidential grid.', language: 'en' });
    expect(cursor).toBe(String(new Date('2026-12-01T10:00:00Z').getTime()));
  });

  it('mirrors permissions from the nearest sidecar: folder, per file, emails resolved, unknown ones dropped; none at all: nobody', async () => {
    write('.access.json', '{ not json');
    const { documents } = await allChanges(connector(), null);
    const access = Object.fromEntries(documents.map((d) => [d.nativeId, d.access]));
    expect(access['HR/Отпуск.md']).toEqual({ public: false, allow: ['group:share/hr', 'department:hr', 'user:e-anna'], classification: 'internal' });
    expect(access['HR/salaries.html']).toEqual({ public: false, allow: ['user:e-cfo'], classification: 'confidential' });
    expect(access['README.md']).toEqual({ public: false, allow: [], classification: 'internal' });
  });

  it('an incremental poll returns only what changed since the cursor, a sidecar edit included', async () => {
    const first = await allChanges(connector(), null);
    write('IT/vpn.txt', 'Connect with WireGuard.', new Date('2026-12-02T10:00:00Z'));
    write('HR/salaries.html.access.json', JSON.stringify({ public: false, allow: ['user:e-ceo'] }), new Date('2026-12-02T11:00:00Z'));
    const next = await allChanges(connector(), first.cursor);
    expect(next.documents.map((d) => d.nativeId)).toEqual(['HR/salaries.html', 'IT/vpn.txt']);
    expect(next.cursor).toBe(String(new Date('2026-12-02T11:00:00Z').getTime()));
    expect((await allChanges(connector(), next.cursor)).documents).toEqual([]);
  });

  it('lists every document id for the prune pass, and the groups with members mapped to employees', async () => {
    rmSync(join(root, 'IT/vpn.txt'));
    expect(await allIds(connector())).toEqual(['HR/salaries.html', 'HR/Отпуск.md', 'README.md']);
    expect(await connector().groups()).toEqual({ groups: { hr: ['e-anna', 'e-boris'] }, unmapped: 1 });
  });

  it('reads PDF and DOCX files through their parsers; a file that cannot be parsed is reported, not indexed empty', async () => {
    write('Finance/Командировки.pdf', pdfFile([['Суточные — 2 500 рублей в день.'], ['Hotel up to 7,000 roubles a night.']], 'Командировки'));
    write('HR/Leave.docx', docxFile(['# Leave policy', '28 days a year.', '## Carry-over', 'Up to 14 days.']));
    write('IT/broken.pdf', 'this is not a PDF');
    const { documents, pages } = await allChanges(connector(), null);
    const pdf = documents.find((d) => d.nativeId === 'Finance/Командировки.pdf')!;
    expect(pdf).toMatchObject({ title: 'Командировки', body: 'Суточные — 2 500 рублей в день.\n\nHotel up to 7,000 roubles a night.', language: 'ru' });
    const docx = documents.find((d) => d.nativeId === 'HR/Leave.docx')!;
    expect(docx).toMatchObject({ title: 'Leave policy', body: '# Leave policy\n\n28 days a year.\n\n## Carry-over\n\nUp to 14 days.', language: 'en' });
    expect(docx.access.public).toBe(false); // the HR folder's sidecar, as for any file
    expect(documents.some((d) => d.nativeId === 'IT/broken.pdf')).toBe(false);
    expect(pages.flatMap((p) => p.failures ?? [])).toEqual([{ nativeId: 'IT/broken.pdf', reason: expect.stringContaining('unreadable') }]);
    expect(await allIds(connector())).toContain('IT/broken.pdf'); // still listed: the prune pass keeps what the index had of it
  });
});
