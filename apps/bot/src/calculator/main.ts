import { readCalculatorConfig } from './calculator.config';
import { startCalculatorBot } from './calculator.server';

export { startCalculatorBot, type RunningCalculatorBot, type StartCalculatorOptions } from './calculator.server';
export { readCalculatorConfig } from './calculator.config';

/**
 * The demo calculator bot process (webhook mode), a separate entry point of apps/bot:
 *   node dist/apps/bot/src/calculator/main.js
 * Environment: see readCalculatorConfig. SIGTERM / SIGINT: stop taking updates, finish the ones in progress, exit.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const running = await startCalculatorBot(readCalculatorConfig(env));
  process.send?.({ type: 'ready', username: running.bot.botInfo?.username, port: running.port });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[calculator] ${signal}: finishing the updates in progress`);
    running.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`[calculator] shutdown failed: ${e instanceof Error ? e.message : e}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`[calculator] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
