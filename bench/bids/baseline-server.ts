import 'reflect-metadata';
import { Body, Controller, Get, Headers, HttpCode, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { auctionStreamId, PlaceBidDto, type AuctionEvent } from '@megabot/contracts';
import { AuctionErrors, auctionDecider, fold } from '@megabot/domain';
import { eventIdFor, PostgresEventStore, WrongExpectedRevisionError, type CommandContext } from '@megabot/event-store';
import { Pool } from 'pg';
import { ProblemDetailsFilter } from '../../apps/api/src/core/problem-details.filter';
import { CommandCtx } from '../../apps/api/src/core/request-context';
import { createValidationPipe } from '../../apps/api/src/core/validation';

/**
 * The baselines of the bids benchmark, on the project's own HTTP stack
 * (same adapter, same DTO validation, same problem+json errors):
 *  - empty: validates the bid and answers, no database;
 *  - crud:  the classic row-lock auction (SELECT … FOR UPDATE, UPDATE, INSERT);
 *  - naive: textbook event sourcing — read and fold the stream, decide,
 *           append at the read revision, retry on conflict; no in-process
 *           queue, no cache, no batching.
 */
const state: { pool?: Pool; store?: PostgresEventStore; conflicts: number } = { conflicts: 0 };

@Controller()
class BaselineController {
  @Post('empty/:lotId/bids')
  @HttpCode(201)
  empty(@Param('lotId') lotId: string, @Body() body: PlaceBidDto, @Headers('x-telegram-user-id') actorId: string, @CommandCtx() ctx: CommandContext) {
    return { streamId: `auction-${lotId}`, revision: body.amount > 0 ? 1 : 0, position: '0-0', duplicate: false, actorId, key: ctx.commandId };
  }

  @Post('crud/:lotId/bids')
  @HttpCode(201)
  async crud(@Param('lotId') lotId: string, @Body() body: PlaceBidDto, @Headers('x-telegram-user-id') actorId: string, @CommandCtx() ctx: CommandContext) {
    const c = await state.pool!.connect();
    try {
      await c.query('BEGIN');
      const { rows } = await c.query(
        'SELECT seller_id, starting_price::int, min_increment::int, current_price::int, leader_id FROM bench_crud.lots WHERE lot_id = $1 FOR UPDATE',
        [lotId],
      );
      if (!rows.length) throw AuctionErrors.lotNotFound(lotId);
      const lot = rows[0];
      if (lot.seller_id === actorId) throw AuctionErrors.sellerCannotBid();
      if (lot.leader_id === actorId) throw AuctionErrors.alreadyLeading();
      const minimum = lot.current_price === null ? lot.starting_price : lot.current_price + lot.min_increment;
      if (body.amount < minimum) throw AuctionErrors.bidTooLow(body.amount, minimum);
      const { rows: upd } = await c.query(
        'UPDATE bench_crud.lots SET current_price = $2, leader_id = $3, bid_count = bid_count + 1 WHERE lot_id = $1 RETURNING bid_count',
        [lotId, body.amount, actorId],
      );
      await c.query('INSERT INTO bench_crud.bids (key, lot_id, bidder_id, amount) VALUES ($1, $2, $3, $4)', [ctx.commandId, lotId, actorId, body.amount]);
      await c.query('COMMIT');
      return { streamId: lotId, revision: upd[0].bid_count, position: '0-0', duplicate: false };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  @Post('naive/:lotId/bids')
  @HttpCode(201)
  async naive(@Param('lotId') lotId: string, @Body() body: PlaceBidDto, @Headers('x-telegram-user-id') actorId: string, @CommandCtx() ctx: CommandContext) {
    const stream = auctionStreamId(lotId);
    for (let attempt = 1; ; attempt++) {
      const history = await state.store!.readStream(stream);
      const s = fold(
        auctionDecider,
        history.map((e) => ({ type: e.type, data: e.data }) as AuctionEvent),
      );
      const events = auctionDecider.decide(s, { type: 'PlaceBid', lotId, bidderId: actorId, amount: body.amount }, new Date());
      const revision = history.length ? history[history.length - 1].revision : 'no_stream';
      try {
        const r = await state.store!.append(
          stream,
          events.map((e, i) => ({
            id: eventIdFor(ctx.commandId, i),
            type: e.type,
            data: e.data,
            metadata: { commandId: ctx.commandId, actorId, occurredAt: new Date().toISOString(), schemaVersion: 1 },
          })),
          revision,
        );
        return { streamId: stream, revision: Number(r.nextExpectedRevision), position: `${r.position.commit}-${r.position.prepare}`, duplicate: r.duplicate };
      } catch (e) {
        if (!(e instanceof WrongExpectedRevisionError) || attempt >= 50) throw e;
        state.conflicts++;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
      }
    }
  }

  @Get('metrics')
  metrics() {
    return { conflicts: state.conflicts };
  }
}

@Module({ controllers: [BaselineController], providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }] })
class BaselineModule {}

export async function startBaselineServer(options: { databaseUrl: string; adapter: 'fastify' | 'express'; poolSize: number }): Promise<INestApplication> {
  state.pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  state.store = await PostgresEventStore.create({ connectionString: options.databaseUrl, poolSize: options.poolSize, schema: 'bench_es' });
  await state.pool.query(`CREATE SCHEMA IF NOT EXISTS bench_crud;
    CREATE TABLE IF NOT EXISTS bench_crud.lots (lot_id text PRIMARY KEY, seller_id text NOT NULL, starting_price bigint NOT NULL,
      min_increment bigint NOT NULL, current_price bigint, leader_id text, bid_count int NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS bench_crud.bids (key text PRIMARY KEY, lot_id text NOT NULL, bidder_id text NOT NULL, amount bigint NOT NULL)`);
  const adapter = options.adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter({ bodyLimit: 256 * 1024 });
  const app = await NestFactory.create(BaselineModule, adapter, { logger: ['error'] });
  app.useGlobalPipes(createValidationPipe());
  return app;
}

/** Lots for the baselines: CRUD rows and naive event-sourced streams. */
export async function createBaselineLots(databaseUrl: string, lots: string[], startingPrice: number, increment: number) {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const store = await PostgresEventStore.create({ connectionString: databaseUrl, poolSize: 2, schema: 'bench_es' });
  try {
    for (const lotId of lots) {
      await pool.query(`INSERT INTO bench_crud.lots (lot_id, seller_id, starting_price, min_increment) VALUES ($1, 'seller', $2, $3) ON CONFLICT DO NOTHING`, [
        lotId,
        startingPrice,
        increment,
      ]);
      const opened = auctionDecider.decide(
        auctionDecider.initialState,
        {
          type: 'OpenLot',
          lotId,
          kind: 'own_lot',
          title: lotId,
          description: '',
          sellerId: 'seller',
          startingPrice,
          minIncrement: increment,
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
          details: {},
        },
        new Date(),
      );
      await store.append(
        auctionStreamId(lotId),
        opened.map((e, i) => ({
          id: eventIdFor(`open-${lotId}`, i),
          type: e.type,
          data: e.data,
          metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
        })),
        'any',
      );
    }
  } finally {
    await pool.end();
    await store.close();
  }
}

if (require.main === module) {
  const [databaseUrl, adapter, port] = process.argv.slice(2);
  startBaselineServer({ databaseUrl, adapter: adapter as 'fastify' | 'express', poolSize: 10 })
    .then(async (app) => {
      await app.listen(Number(port), '127.0.0.1');
      process.send?.({ type: 'ready' });
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
  process.on('SIGTERM', () => process.exit(0));
}
