import { Module } from '@nestjs/common';
import { AuctionAuditController } from './audit/auction-audit.http.controller';
import { AuditCheckpointsController } from './audit/audit-checkpoints.http.controller';
import { AuctionAuditService } from './audit/auction-audit.service';
import { GetLotHandler } from './get-lot/get-lot.handler';
import { ListLotsHandler } from './list-lots/list-lots.handler';
import { BidRateLimiter } from './bid-rate-limiter';
import { BuyNowController } from './buy-now/buy-now.http.controller';
import { CancelLotController } from './cancel-lot/cancel-lot.http.controller';
import { GetLotController } from './get-lot/get-lot.http.controller';
import { ListLotsController } from './list-lots/list-lots.http.controller';
import { OpenLotController } from './open-lot/open-lot.http.controller';
import { PlaceBidController } from './place-bid/place-bid.http.controller';
import { RelistLotController } from './relist-lot/relist-lot.http.controller';
import { AuctionReportsController } from './reports/auction-reports.http.controller';
import { ShillReportHandler } from './reports/shill-report.handler';
import { RetractBidController } from './retract-bid/retract-bid.http.controller';
import { VoidBidController } from './void-bid/void-bid.http.controller';

/**
 * The auction: one folder per use case (its route, and its query handler
 * where it reads); commands run on the generic write side with
 * `auctionWriteSide` (libs/domain).
 */
@Module({
  // Reports first: `/auctions/reports/shill` must not be taken for a lot id by a router that matches in order.
  controllers: [
    AuctionReportsController,
    OpenLotController,
    PlaceBidController,
    BuyNowController,
    RetractBidController,
    VoidBidController,
    CancelLotController,
    RelistLotController,
    ListLotsController,
    GetLotController,
    AuctionAuditController,
    AuditCheckpointsController,
  ],
  providers: [AuctionAuditService, BidRateLimiter, ListLotsHandler, GetLotHandler, ShillReportHandler],
})
export class AuctionModule {}
