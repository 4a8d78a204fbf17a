import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BidEntity, LotEntity } from '@megabot/read-model';
import { GetLotHandler, ListLotsHandler } from './auction.query-handlers';
import { AuctionHttpController } from './auction.http.controller';
import { AuctionWriteModel } from './auction.write-model';
import { OpenLotHandler } from './open-lot.handler';
import { PlaceBidHandler } from './place-bid.handler';

@Module({
  imports: [TypeOrmModule.forFeature([LotEntity, BidEntity])],
  controllers: [AuctionHttpController],
  providers: [AuctionWriteModel, OpenLotHandler, PlaceBidHandler, ListLotsHandler, GetLotHandler],
  exports: [AuctionWriteModel],
})
export class AuctionModule {}
