import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { startEmulator } from '../../apps/telegram-emulator/src';
import { ready, Restartable, spawn, stop } from '../lib/processes';
import { startBenchSystem } from '../lib/system';
import { randomOf, sleep } from './commands';

/** Texts that each get exactly one reply from the bot (a greeting, an unknown command, the start screen). */
const TEXTS = ['hello', '/foo', '/start'];

/**
 * The bot killed mid-update: users write to the real bot (webhook, through the local Bot API emulator, which
 * redelivers what the webhook did not acknowledge, as Telegram does) while the bot process is killed with -9 at random
 * points and started again. Every update must get one reply: none lost (the claim's lease runs out and the redelivery
 * is handled), none twice (the claim settles it). Counted per chat, as messages in and replies out.
 */
export async function botCrash(opts: { dist: string; log: (m: string) => void; seed: number; kills: number; messagesPerUser: number }) {
  const random = randomOf(opts.seed);
  const sys = await startBenchSystem('botcrash', opts.dist);
  const children: ChildProcess[] = [];
  // redelivery every 0.2-2 s, as Telegram does (slower) until the bot acknowledges
  const emu = await startEmulator({ port: 0, rateLimits: { enabled: false }, webhookRetryBaseMs: 200, webhookRetryMaxMs: 2_000 });
  try {
    const { env, origin } = await sys.apiEnv();
    const api = spawn(sys.apiFile, [], env, children);
    spawn(sys.projectorFile, [], sys.env, children);
    await ready(api);
    const users = Array.from({ length: 8 }, (_, i) => 830_000_001 + i);
    emu.control.createUsers(
      users.map((id) => ({ id, first_name: `U${id}`, language_code: 'en' })),
      { seeded: true },
    );
    await sys.actors.hire(
      sys.store,
      origin,
      users.map((id) => ({ employeeId: `tg-${id}`, telegramUserId: id })),
    );
    const bot = new Restartable(
      path.join(opts.dist, 'bench/bot/bot-process.js'),
      {
        ...process.env,
        BENCH_BOT_KIND: 'real',
        BENCH_BOT_SEND_RATE: '1000',
        BENCH_TOKEN: emu.token,
        BENCH_API_ROOT: emu.apiRoot,
        BENCH_API_URL: origin,
        BENCH_BOT_API_TOKEN: sys.actors.botToken,
        BENCH_SECRET: 'reliability_secret',
      },
      children,
    );
    await ready(bot.current);
    const sent = new Map(users.map((u) => [u, 0]));
    const replies = (u: number) => emu.control.messages(u, { direction: 'out' }).length;
    const settled = () => users.every((u) => replies(u) >= sent.get(u)!);
    const waitSettled = async (ms: number) => {
      for (const deadline = Date.now() + ms; !settled() && Date.now() < deadline;) await sleep(100);
    };

    // without faults first: one reply per message, or the figures below mean nothing
    for (const u of users) {
      emu.control.sendMessage({ userId: u, text: TEXTS[0] });
      sent.set(u, 1);
    }
    await waitSettled(30_000);
    const oneReplyEachWithoutFaults = users.every((u) => replies(u) === 1);

    // messages at a steady pace; the bot killed and restarted at random points among them
    const total = users.length * opts.messagesPerUser;
    const killAfter = new Set(Array.from({ length: opts.kills }, () => Math.floor(random() * total)));
    let kills = 0;
    for (let i = 0; i < total; i++) {
      const u = users[i % users.length];
      emu.control.sendMessage({ userId: u, text: TEXTS[i % TEXTS.length] });
      sent.set(u, sent.get(u)! + 1);
      if (killAfter.has(i)) {
        await sleep(random() * 40); // somewhere in the update's handling: claim, API calls, reply, report
        await bot.crashAndRestart(true);
        kills++;
      }
      await sleep(20);
    }
    // updates whose bot died after claiming them wait out the claim's lease (30 s) before a redelivery is first again
    await waitSettled(90_000);
    await sleep(3_000); // a second reply would come now
    const perUser = users.map((u) => replies(u) - sent.get(u)!);
    const messages = [...sent.values()].reduce((a, b) => a + b, 0);
    const report = {
      faultsInjected: { botKills: kills },
      updatesSent: messages,
      replies: users.reduce((n, u) => n + replies(u), 0),
      oneReplyEachWithoutFaults,
      updatesWithoutReply: perUser.reduce((n, d) => n + Math.max(0, -d), 0),
      duplicateReplies: perUser.reduce((n, d) => n + Math.max(0, d), 0),
    };
    opts.log(`bot crash: ${messages} updates, bot killed ${kills} times`);
    const failed = [
      ...(oneReplyEachWithoutFaults ? [] : ['without faults, a message did not get exactly one reply']),
      ...(report.updatesWithoutReply ? [`${report.updatesWithoutReply} updates never answered`] : []),
      ...(report.duplicateReplies ? [`${report.duplicateReplies} updates answered twice`] : []),
    ];
    return { ...report, failed };
  } finally {
    await Promise.all(children.map((c) => stop(c)));
    await emu.stop();
    await sys.close();
  }
}
