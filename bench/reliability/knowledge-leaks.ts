import { FIXTURE_DOCUMENTS, RESTRICTED_SECRETS } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { publish } from '@megabot/knowledge/testing/knowledge-events.fixtures';
import { hireAndBindTelegram } from '../../tools/testing/identity-fixtures';
import type { ProbeContext, ProbeFigures } from './probe';

/** Employees without any of the restricted pages' rights (the suite's actors: department "Test", no projects). */
const OUTSIDERS = 6;
/** Asked once until the index has the fixture pages (the projector indexes them in the background). */
const INDEXED_WITHIN_MS = 120_000;

/**
 * Knowledge questions as users without rights: the fixture knowledge base (public pages and restricted ones — a
 * department's salary review, a project's architecture) is published, then every restricted page is asked for by
 * its title, its words and its secret terms, as several employees who may not read it. A leak is any restricted
 * title, address or secret term in an answer (text, citations, anything in the body). The same questions asked by
 * an employee with the rights must reach the page, so the probe can see a leak when there is one.
 */
export async function knowledgeLeaksProbe(ctx: ProbeContext): Promise<ProbeFigures> {
  for (const d of FIXTURE_DOCUMENTS) await publish(ctx.store, d);
  const restricted = FIXTURE_DOCUMENTS.filter((d) => !d.access.public);
  const outsiders = Array.from({ length: OUTSIDERS }, (_, i) => `kl-outsider-${i}`);
  await ctx.actors.hire(ctx.store, ctx.apiUrl, outsiders);
  const insiderTelegram = 8_900_000_001;
  await hireAndBindTelegram({ store: ctx.store, apiUrl: ctx.apiUrl, bot: (tg) => ctx.actors.bot(tg) }, [
    { employeeId: 'kl-insider', telegramUserId: insiderTelegram, department: 'Finance', projects: ['sokol'], clearance: 'confidential' },
  ]);
  const ask = async (headers: Record<string, string>, question: string) => {
    const res = await fetch(`${ctx.apiUrl}/knowledge/ask`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    return { status: res.status, body: await res.text() };
  };
  const marks = (d: (typeof restricted)[number]) => [d.title, d.url, ...RESTRICTED_SECRETS.filter((s) => d.body.includes(s))];
  const questionsOf = (d: (typeof restricted)[number]) => [
    d.title,
    `${d.title}?`,
    d.body.split('\n').find((l) => l.length > 40 && !l.startsWith('#')) ?? d.title,
    ...RESTRICTED_SECRETS.filter((s) => d.body.includes(s)).map((s) => `${s} ${d.title}`),
  ];
  const questions = restricted.flatMap(questionsOf);

  // the insider reaches each restricted page (cited by its address) with one of the same questions once the index has
  // it: the check below can see a leak
  const insider = ctx.actors.bot(insiderTelegram);
  const deadline = Date.now() + INDEXED_WITHIN_MS;
  const reachable = new Set<string>();
  while (reachable.size < restricted.length && Date.now() < deadline) {
    for (const d of restricted) {
      if (reachable.has(d.url)) continue;
      for (const q of questionsOf(d)) if ((await ask(insider, q)).body.includes(d.url)) reachable.add(d.url);
    }
    if (reachable.size < restricted.length) await new Promise((r) => setTimeout(r, 1000));
  }

  let sent = 0;
  let acknowledged = 0;
  let serverErrors = 0;
  const leaked: string[] = [];
  for (const employeeId of outsiders) {
    for (const question of questions) {
      const { status, body } = await ask(ctx.actors.as(employeeId), question);
      sent++;
      if (status >= 500) serverErrors++;
      if (status === 200) acknowledged++;
      for (const d of restricted) for (const mark of marks(d)) if (body.includes(mark)) leaked.push(`${employeeId} asked "${question}": ${mark}`);
    }
  }
  return {
    sent,
    acknowledged,
    serverErrors,
    restrictedPages: restricted.length,
    reachableWithRights: reachable.size,
    askedBy: outsiders.length,
    leaks: leaked.length,
    ...(leaked.length && { leaked: leaked.slice(0, 10) }),
    ...(reachable.size < restricted.length && { probeBlind: 'an employee with the rights did not reach every restricted page: the index was not ready' }),
  };
}
