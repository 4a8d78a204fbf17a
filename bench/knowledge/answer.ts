import type { ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { GlobalPosition, KnowledgeAnswerGiven } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { FIXTURE_DOCUMENTS, FIXTURE_QUESTIONS } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { publish } from '@megabot/knowledge/testing/knowledge-events.fixtures';
import { startEmulator, type EmulatorEvent, type RunningEmulator } from '../../apps/telegram-emulator/src';
import { startBotProcess } from '../lib/bots';
import { startApi, startProjector, stop } from '../lib/processes';
import { summarize } from '../lib/stats';
import { startBenchSystem } from '../lib/system';

/** Rights of the askers: nothing special, Finance (the salary review), project Sokol, both. */
const PROFILES = [
  { name: 'plain', department: 'Sales' },
  { name: 'finance', department: 'Finance', clearance: 'confidential' as const },
  { name: 'sokol', department: 'Engineering', projects: ['sokol'] },
  { name: 'finance+sokol', department: 'Finance', clearance: 'confidential' as const, projects: ['sokol'] },
];
const USERS_PER_PROFILE = 2;
/** A reader's pause after each reply; also more than the bot's per-chat send pace (1.05 s), which would delay the next reply. */
const THINK_MS = 1100;
const TIMEOUT_MS = 30_000;
const SECRET = 'bench_knowledge_secret';
const round = (x: number) => Math.round(x * 100) / 100;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/**
 * Question → first answer text in the bot, for `npm run bench:knowledge`: the real bot (bench/bot/bot-process.ts:
 * webhook mode, update claims, as in production) on the local Bot API emulator (in this process), the API and the
 * projector as child processes on embedded PostgreSQL, the fixture corpus published. Employees of four kinds of rights,
 * two Telegram accounts each, in parallel, each alternately asks `/ask <question>` (the fixture questions in turn,
 * unanswerable ones included) and sends `/help` - the baseline in the same run: the bot's reply through its fallback
 * (identity and conversation state from the API, no search). Latency runs from the update offered to the emulator to
 * the bot's first sendMessage/editMessageText with text in that chat (a `typing` action is none). Without OLLAMA_URL
 * the API answers extractively; the modes are counted from the KnowledgeAnswerGiven events the run recorded.
 */
export async function measureQuestionToAnswer(dist: string, questions: number) {
  const system = await startBenchSystem('knowledge', dist, { LOG_LEVEL: 'warn' });
  const children: ChildProcess[] = [];
  let emu: RunningEmulator | undefined;
  let bot: ChildProcess | undefined;
  try {
    const { url: apiUrl } = await startApi(dist, system.env, children);
    startProjector(dist, system.env, children);
    let last: GlobalPosition = { commit: 0n, prepare: 0n };
    for (const d of FIXTURE_DOCUMENTS) last = (await publish(system.store, d)).position;

    const users = PROFILES.flatMap(({ name, ...rights }, i) =>
      Array.from({ length: USERS_PER_PROFILE }, (_, j) => ({
        profile: name,
        employeeId: `bench-${name}-${j}`,
        telegramUserId: 850_000_001 + i * 10 + j,
        rights,
      })),
    );
    await system.actors.hire(
      system.store,
      apiUrl,
      users.map((u) => ({ employeeId: u.employeeId, telegramUserId: u.telegramUserId, ...u.rights })),
    );
    await projected(system.ds, last);

    emu = await startEmulator({ port: 0, rateLimits: { enabled: false } });
    emu.control.createUsers(
      users.map((u) => ({ id: u.telegramUserId, first_name: u.employeeId, language_code: 'en' })),
      { seeded: true },
    );
    bot = (await startBotProcess({ dist, emu, apiUrl, apiToken: system.actors.botToken, secret: SECRET })).child;
    const chat = new ChatWatch(emu);

    // Warm-up (not counted): the API loads the index generation and the embedder on the first questions.
    for (let i = 0; i < 40; i++) {
      const first = await chat.offer(users[0].telegramUserId, `/ask ${FIXTURE_QUESTIONS[0].question}`);
      if (first && !first.text.startsWith('🤷')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await Promise.all(
      users.map(async (u) => (await chat.offer(u.telegramUserId, '/help'), await chat.offer(u.telegramUserId, `/ask ${FIXTURE_QUESTIONS[1].question}`))),
    );
    chat.errors.timeouts = 0;
    await new Promise((r) => setTimeout(r, THINK_MS)); // the warm-up's replies must not pace the first measured ones

    log(`question → answer: ${questions} questions and as many /help from ${users.length} users`);
    const answers: { ms: number; profile: string; unknown: boolean; repeated: boolean }[] = [];
    const asked = new Set<string>(FIXTURE_QUESTIONS.slice(0, 2).map((q) => q.question)); // the warm-up's
    const help: number[] = [];
    let next = 0;
    const loadBefore = os.loadavg()[0];
    const started = performance.now();
    await Promise.all(
      users.map(async (u) => {
        for (let q = next++; q < questions; q = next++) {
          const question = FIXTURE_QUESTIONS[q % FIXTURE_QUESTIONS.length].question;
          const repeated = asked.has(question);
          asked.add(question);
          const answer = await chat.offer(u.telegramUserId, `/ask ${question}`);
          if (answer) answers.push({ ms: answer.ms, profile: u.profile, unknown: answer.text.startsWith('🤷'), repeated });
          await new Promise((r) => setTimeout(r, THINK_MS));
          const reply = await chat.offer(u.telegramUserId, '/help');
          if (reply) help.push(reply.ms);
          await new Promise((r) => setTimeout(r, THINK_MS));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    // The API's part: the same questions asked of POST /knowledge/ask directly (as the bot, for the same accounts), at the same pace;
    // all of them asked before, so compare with answerMsRepeatedQuestion.
    const api: number[] = [];
    let apiFailures = 0;
    next = 0;
    await Promise.all(
      users.map(async (u) => {
        for (let q = next++; q < questions; q = next++) {
          const t0 = performance.now();
          const res = await fetch(`${apiUrl}/knowledge/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `bench-api-${q}`, ...system.actors.as(u.employeeId) },
            body: JSON.stringify({ question: FIXTURE_QUESTIONS[q % FIXTURE_QUESTIONS.length].question }),
          }).catch(() => null);
          if (res?.ok) {
            await res.arrayBuffer();
            api.push(performance.now() - t0);
          } else apiFailures++;
          await new Promise((r) => setTimeout(r, THINK_MS));
        }
      }),
    );

    const modes: Record<string, number> = {};
    for (const e of await allEvents(system.store)) {
      if (e.type === 'KnowledgeAnswerGiven') {
        const mode = (e.data as KnowledgeAnswerGiven['data']).mode;
        modes[mode] = (modes[mode] ?? 0) + 1;
      }
    }
    const answerMs = summarize(answers.map((a) => a.ms));
    const helpMs = summarize(help);
    return {
      mode: process.env.OLLAMA_URL ? `generated by Ollama (${process.env.OLLAMA_ANSWER_MODEL ?? 'default model'}), streamed` : 'extractive (no OLLAMA_URL)',
      /** KnowledgeAnswerGiven events by mode, warm-up included. */
      answersRecordedByMode: modes,
      users: users.length,
      profiles: PROFILES.map((p) => p.name),
      questionsAsked: questions,
      answersSeen: answers.length,
      saidIDontKnow: answers.filter((a) => a.unknown).length,
      answerMs,
      /** A question the API has not been asked before (embedded and searched) and one it has (its question cache). */
      answerMsFirstTimeQuestion: summarize(answers.filter((a) => !a.repeated).map((a) => a.ms)),
      answerMsRepeatedQuestion: summarize(answers.filter((a) => a.repeated).map((a) => a.ms)),
      answerMsByProfile: Object.fromEntries(PROFILES.map((p) => [p.name, summarize(answers.filter((a) => a.profile === p.name).map((a) => a.ms))])),
      helpBaselineMs: helpMs,
      p95OverBaseline: helpMs.p95 ? round(answerMs.p95 / helpMs.p95) : null,
      /** The same questions straight to the API after the bot's run (the complete JSON answer; every question repeated, its cache warm). */
      apiAskRepeatedMs: summarize(api),
      errors: { ...chat.errors, missingAnswers: questions - answers.length, missingHelpReplies: questions - help.length, apiFailures },
      seconds: round(seconds),
      loadAverage1m: { before: round(loadBefore), after: round(os.loadavg()[0]) },
    };
  } finally {
    if (bot) await stop(bot);
    await emu?.stop();
    await Promise.all(children.map((c) => stop(c)));
    await system.close();
  }
}

/** Waits until the knowledge projection has passed `position`. */
async function projected(ds: { query(sql: string): Promise<{ commit_position: string; prepare_position: string }[]> }, position: GlobalPosition) {
  for (let i = 0; i < 1200; i++) {
    const [c] = await ds.query(`SELECT commit_position, prepare_position FROM knowledge.checkpoint`).catch(() => []);
    if (c && (BigInt(c.commit_position) > position.commit || (BigInt(c.commit_position) === position.commit && BigInt(c.prepare_position) >= position.prepare)))
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the knowledge projection did not catch up in 60 s');
}

async function allEvents(store: { readAll(o: { after?: GlobalPosition; maxCount?: number }): Promise<RecordedEvent[]> }) {
  const all: RecordedEvent[] = [];
  for (let page = await store.readAll({ maxCount: 5000 }); page.length; page = await store.readAll({ after: all[all.length - 1].position, maxCount: 5000 }))
    all.push(...page);
  return all;
}

/** One update at a time per chat: offered through the emulator, answered by the bot's first message or edit with text in that chat. */
class ChatWatch {
  readonly errors = { apiErrors: 0, webhookErrors: 0, timeouts: 0 };
  private readonly pending = new Map<number, { at: number; resolve: (r: { ms: number; text: string }) => void }>();

  constructor(private readonly emu: RunningEmulator) {
    // waitFor is the emulator's event subscription; a predicate that never matches keeps it for the whole run
    void emu.control.waitFor((e) => (this.onEvent(e), false), { timeoutMs: 2 ** 31 - 1 }).catch(() => undefined);
  }

  offer(userId: number, text: string): Promise<{ ms: number; text: string } | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(userId);
        this.errors.timeouts++;
        resolve(null);
      }, TIMEOUT_MS);
      this.pending.set(userId, {
        at: performance.now(),
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
      this.emu.control.sendMessage({ userId, text });
    });
  }

  private onEvent(e: EmulatorEvent) {
    const now = performance.now();
    if (e.type === 'webhook_error') this.errors.webhookErrors++;
    if (e.type === 'api_error' || e.type === 'rate_limited') this.errors.apiErrors++;
    if (e.chat_id === undefined || !((e.type === 'message' && e.direction === 'out') || e.type === 'message_edited')) return;
    const text = (e.message as { text?: string }).text;
    const p = this.pending.get(e.chat_id);
    if (!p || !text) return;
    this.pending.delete(e.chat_id);
    p.resolve({ ms: now - p.at, text });
  }
}
