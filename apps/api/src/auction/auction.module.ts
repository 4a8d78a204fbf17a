import { Module } from '@nestjs/common';
import { AuctionAuditController } from './audit/auction-audit.http.controller';
import { AuctionAuditService } from './audit/auction-audit.service';
import { AuctionHttpController } from './auction.http.controller';
import { GetLotHandler, ListLotsHandler } from './auction.query-handlers';
import { AuctionWriteModel } from './auction.write-model';
import { BidRateLimiter } from './bid-rate-limiter';
import { BuyNowHandler } from './buy-now/buy-now.handler';
import { CancelLotHandler } from './cancel-lot/cancel-lot.handler';
import { OpenLotHandler } from './open-lot/open-lot.handler';
import { PlaceBidHandler } from './place-bid/place-bid.handler';
import { RelistLotHandler } from './relist-lot/relist-lot.handler';
import { AuctionReportsController } from './reports/auction-reports.http.controller';
import { ShillReportHandler } from './reports/shill-report.handler';
import { RetractBidHandler } from './retract-bid/retract-bid.handler';
import { VoidBidHandler } from './void-bid/void-bid.handler';

@Module({
  // Reports first: `/auctions/reports/shill` must not be taken for a lot id by a router that matches in order.
  controllers: [AuctionReportsController, AuctionHttpController, AuctionAuditController],
  providers: [
    AuctionWriteModel,
    AuctionAuditService,
    BidRateLimiter,
    OpenLotHandler,
    PlaceBidHandler,
    BuyNowHandler,
    RetractBidHandler,
    VoidBidHandler,
    CancelLotHandler,
    RelistLotHandler,
    ListLotsHandler,
    GetLotHandler,
    ShillReportHandler,
  ],
  exports: [AuctionWriteModel],
})
export class AuctionModule {}
