import { knowledgeAnswerStreamId, type GlobalPosition, type KnowledgeAnswerView } from '@megabot/contracts';
import { FIXTURE_DOCUMENTS, RESTRICTED_SECRETS, docKey } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { changeAccess, deleteDocument, mirrorGroups, publish } from '@megabot/knowledge/testing/knowledge-events.fixtures';
import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

/**
 * The knowledge assistant over HTTP with the real projector: the connectors' events appended to the store, the
 * projection indexing them, employees of different rights asking. Nothing restricted reaches the wrong asker;
 * permission changes, group mirrors and deletions are in force for the next question.
 */
describe('knowledge assistant API', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  const byTitle = (title: string) => FIXTURE_DOCUMENTS.find((d) => d.title === title)!;
  const salary = byTitle('Salary review 2027');
  const sokol = byTitle('Проект Сокол: архитектура');
  const vpn = byTitle('VPN setup');

  /** Waits until the knowledge projection has committed the log up to this position. */
  const projected = (position: GlobalPosition) => system.projected('knowledge', position);
  const ask = async (who: string, question: string, key?: string): Promise<KnowledgeAnswerView> => {
    const r = http.post('/knowledge/ask').set(system.as(who));
    if (key) r.set('idempotency-key', key);
    const res = await r.send({ question }).expect(200);
    return res.body;
  };
  const shown = (a: KnowledgeAnswerView) => `${a.text} ${JSON.stringify(a.citations)}`;

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['k-admin'] });
    http = request(system.apiUrl);
    await system.employees('k-admin', 'k-anna', 'k-fin', 'k-lead', 'k-sokol');
    const update = (id: string, changes: object) => http.patch(`/identity/employees/${id}`).set(system.as('k-admin')).send(changes).expect(200);
    await update('k-fin', { department: 'Finance', clearance: 'confidential' });
    await update('k-lead', { department: 'Eng', clearance: 'confidential' });
    await update('k-sokol', { projects: ['sokol'] });
    let last: GlobalPosition = { commit: 0n, prepare: 0n };
    for (const d of FIXTURE_DOCUMENTS) last = (await publish(system.store, d)).position;
    await projected(last);
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  it('answers an employee in English and Russian with citations (title, breadcrumb, link), and says it does not know otherwise', async () => {
    const en = await ask('k-anna', 'How many days of paid annual leave do I get?');
    expect(en.mode).toBe('extractive');
    expect(en.text).toContain('28 calendar days');
    expect(en.text).toMatch(/\[1\]/);
    expect(en.citations[0]).toMatchObject({
      n: 1,
      title: 'Vacation policy',
      breadcrumb: ['HR', 'Policies'],
      url: 'https://wiki.example.com/wiki/Vacation_policy',
    });

    const ru = await ask('k-anna', 'Как забронировать гостевое место на парковке?');
    expect(ru.language).toBe('ru');
    expect(ru.citations[0]).toMatchObject({ title: 'Парковка у офиса', url: 'file://share/Office/Парковка.md' });
    expect(ru.text).toContain('ресепшен');

    const none = await ask('k-anna', 'Who won the chess tournament in 2019?');
    expect(none).toMatchObject({ mode: 'unknown', text: '', citations: [] });
  });

  it('never gives a restricted page to someone without rights; rights by department, project and mirrored group let them in', async () => {
    const salaryQuestions = ['What is the salary review budget for 2027?', 'Salary review 2027 BLUEHERON'];
    const sokolQuestions = ['Какое кодовое слово релиза проекта Сокол?', 'ИЗУМРУД Kafka Сокол'];
    for (const who of ['k-anna', 'k-lead', 'k-sokol']) {
      for (const q of salaryQuestions) {
        const a = shown(await ask(who, q));
        for (const leak of [salary.title, salary.url, 'BLUEHERON', '7 percent']) expect(a).not.toContain(leak);
      }
    }
    for (const who of ['k-anna', 'k-fin', 'k-lead']) {
      for (const q of sokolQuestions) {
        const a = shown(await ask(who, q));
        for (const leak of [sokol.title, sokol.url, 'ИЗУМРУД', 'Kafka']) expect(a).not.toContain(leak);
      }
    }
    expect((await ask('k-fin', salaryQuestions[0])).text).toContain('7 percent');
    expect((await ask('k-sokol', sokolQuestions[0])).text).toContain('ИЗУМРУД');

    // k-lead is cleared but not in Finance: the mirrored group hr-leads lets them read the salary page.
    await projected((await mirrorGroups(system.store, 'confluence', { 'hr-leads': ['k-lead'] })).position);
    expect((await ask('k-lead', salaryQuestions[0])).citations.map((c) => c.documentKey)).toContain(docKey(salary));
    expect(RESTRICTED_SECRETS.length).toBeGreaterThan(0);
  });

  it('a permission change and a deletion are in force for the next question', async () => {
    await projected((await changeAccess(system.store, salary, { public: false, allow: ['user:k-cfo'], classification: 'confidential' })).position);
    for (const who of ['k-fin', 'k-lead']) expect(shown(await ask(who, 'What is the salary review budget for 2027?'))).not.toContain('7 percent');

    expect((await ask('k-anna', 'VPN connection drops every few minutes')).citations.map((c) => c.documentKey)).toContain(docKey(vpn));
    await projected((await deleteDocument(system.store, vpn)).position);
    const after = await ask('k-anna', 'VPN connection drops every few minutes');
    expect(after.citations.map((c) => c.documentKey)).not.toContain(docKey(vpn));
    expect(shown(after)).not.toContain(vpn.url);
  });

  it('records each answer once (a retried question is one event) and lets only the asker rate it', async () => {
    const first = await ask('k-anna', 'How do I reset a forgotten password?', 'ask-1');
    const again = await ask('k-anna', 'How do I reset a forgotten password?', 'ask-1');
    expect(again.answerId).toBe(first.answerId);
    const events = await system.store.readStream(knowledgeAnswerStreamId(first.answerId));
    expect(events.map((e) => e.type)).toEqual(['KnowledgeAnswerGiven']);
    expect(events[0].data).toMatchObject({
      employeeId: 'k-anna',
      question: 'How do I reset a forgotten password?',
      mode: 'extractive',
      citations: [first.citations[0].documentKey],
    });

    await http.post(`/knowledge/answers/${first.answerId}/rating`).set(system.as('k-anna')).send({ rating: 'up' }).expect(200);
    await http.post(`/knowledge/answers/${first.answerId}/rating`).set(system.as('k-anna')).send({ rating: 'up' }).expect(200);
    await http.post(`/knowledge/answers/${first.answerId}/rating`).set(system.as('k-fin')).send({ rating: 'down' }).expect(404);
    const bad = await http.post(`/knowledge/answers/${first.answerId}/rating`).set(system.as('k-anna')).send({ rating: 'meh' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain("rating must be 'up' or 'down'");
    expect((await system.store.readStream(knowledgeAnswerStreamId(first.answerId))).map((e) => e.type)).toEqual([
      'KnowledgeAnswerGiven',
      'KnowledgeAnswerRated',
    ]);

    const empty = await http.post('/knowledge/ask').set(system.as('k-anna')).send({ question: '' }).expect(400);
    expect(JSON.stringify(empty.body)).toContain('question must be at least 2 characters long');
  });

  it('streams as NDJSON when asked (Accept: application/x-ndjson): an extractive answer is one answer line; bad input is still a problem', async () => {
    const res = await http
      .post('/knowledge/ask')
      .set(system.as('k-anna'))
      .set('accept', 'application/x-ndjson')
      .set('idempotency-key', 'stream-1')
      .send({ question: 'How many days of paid annual leave do I get?' })
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([{ type: 'answer', answer: expect.objectContaining({ mode: 'extractive', citations: expect.any(Array) }) }]);
    expect(lines[0].answer.text).toContain('28 calendar days');
    await http.post('/knowledge/ask').set(system.as('k-anna')).set('accept', 'application/x-ndjson').send({ question: '' }).expect(400);
  });
});
