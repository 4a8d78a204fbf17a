import { ConfigError, loadConfig } from '@megabot/config';
import { openDatabase, startTracing } from '@megabot/platform';
import { createApiApp } from './bootstrap';

async function main() {
  const config = loadConfig();
  const tracing = config.otlpEndpoint ? startTracing({ serviceName: 'megabot-api', endpoint: config.otlpEndpoint }) : undefined;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const app = await createApiApp(
    {
      databaseUrl: db.url,
      eventStoreUrl: config.eventStoreUrl,
      httpAdapter: config.httpAdapter,
      tracing: tracing !== undefined,
      dbPoolSize: config.dbPoolSize,
      readWaitTimeoutMs: config.readWaitTimeoutMs,
      adminEmployeeIds: config.adminEmployeeIds,
      auditorEmployeeIds: config.auditorEmployeeIds,
      bidRateLimitPerMinute: config.bidRateLimitPerMinute,
      maskBidders: config.auctionMaskBidders,
      identity: {
        allowedEmailDomains: config.identityEmailDomains,
        codeLength: config.identityCodeLength,
        codeTtlMinutes: config.identityCodeTtlMinutes,
        maxAttempts: config.identityMaxAttempts,
        lockMinutes: config.identityLockMinutes,
        resendsPerHour: config.identityResendsPerHour,
        codeSecret: config.identityCodeSecret,
        codesPerEmailPerHour: config.identityCodesPerEmailPerHour,
        smtpUrl: config.smtpUrl,
        mailFrom: config.mailFrom,
        dataDir: config.dataDir,
      },
      knowledge: {
        ollamaUrl: config.ollamaUrl,
        ollamaEmbedModel: config.ollamaEmbedModel,
        ollamaAnswerModel: config.ollamaAnswerModel,
        qdrantUrl: config.qdrantUrl,
      },
      botUsername: config.telegramBotUsername,
      trustProxyHops: config.trustProxyHops,
      audit: {
        chainKeys: config.auditChainKey?.split(',').map((k) => k.trim()),
        signingKey: config.auditSigningKey,
        dataDir: config.dataDir,
      },
      auth: {
        botApiTokens: config.botApiTokens,
        sessionSecret: config.sessionSecret,
        telegramBotToken: config.telegramBotToken,
        secureCookies: !config.devMode,
        devMode: config.devMode,
        dataDir: config.dataDir,
      },
    },
    config.logLevel === 'debug' ? ['error', 'warn', 'log', 'debug'] : config.logLevel === 'log' ? ['error', 'warn', 'log'] : ['error', 'warn'],
  );
  await app.listen(config.apiPort, config.apiHost);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  console.log(`[api] listening on ${url} (docs ${url}/docs)`);
  process.send?.({ type: 'ready', url });
  const stop = async () => {
    await app.close();
    await tracing?.shutdown();
    await db.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : `[api] failed to start: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
  process.exit(1);
});
