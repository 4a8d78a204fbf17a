import { DomainError } from '../shared/domain-error';

export const AuctionErrors = {
  lotNotFound: (lotId: string) => new DomainError('auction.lot_not_found', 'not_found', `Lot ${lotId} does not exist`, { lotId }),
  lotAlreadyExists: (lotId: string) =>
    new DomainError('auction.lot_exists', 'conflict', `Lot ${lotId} already exists`, { lotId }),
  closingTimeNotInFuture: (closesAt: string) =>
    new DomainError('auction.closing_time_in_past', 'unprocessable', `Closing time ${closesAt} must be in the future`, { closesAt }),
  invalidDetails: (message: string) => new DomainError('auction.invalid_details', 'unprocessable', message),
  biddingEnded: (lotId: string, closesAt: string) =>
    new DomainError('auction.bidding_ended', 'conflict', `Bidding on lot ${lotId} ended at ${closesAt}`, { lotId, closesAt }),
  sellerCannotBid: () => new DomainError('auction.seller_cannot_bid', 'unprocessable', 'The seller cannot bid on their own lot'),
  bidTooLow: (amount: number, minimum: number) =>
    new DomainError('auction.bid_too_low', 'unprocessable', `A bid must be at least ${minimum}; ${amount} is too low`, { amount, minimum }),
  alreadyLeading: () =>
    new DomainError('auction.already_leading', 'conflict', 'You already hold the highest bid on this lot'),
  notDueYet: (closesAt: string) =>
    new DomainError('auction.not_due', 'conflict', `The lot closes at ${closesAt}, not before`, { closesAt }),
};
