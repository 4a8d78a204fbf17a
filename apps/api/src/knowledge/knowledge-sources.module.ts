import { Module } from '@nestjs/common';
import { ConfigureSourceController } from './configure-source/configure-source.http.controller';
import { GetSourceController } from './get-source/get-source.http.controller';
import { GetSourceHandler } from './get-source/get-source.handler';
import { ListSourcesController } from './list-sources/list-sources.http.controller';
import { ListSourcesHandler } from './list-sources/list-sources.handler';
import { RemoveSourceController } from './remove-source/remove-source.http.controller';
import { RequestSyncController } from './request-sync/request-sync.http.controller';

/**
 * The knowledge sources, for admins: configure (create or change), list, status with sync progress, request a sync,
 * remove. Commands run on the generic write side with the domain's knowledge-source definition; the projector's
 * sync runner does the reading. (Questions and answers are another module of the knowledge feature.)
 */
@Module({
  controllers: [ListSourcesController, ConfigureSourceController, GetSourceController, RequestSyncController, RemoveSourceController],
  providers: [ListSourcesHandler, GetSourceHandler],
})
export class KnowledgeSourcesModule {}
