import { DomainError } from '../shared/domain-error';

/**
 * Every rejection of the auction, with a stable `auction.*` code and details a
 * UI can use. `kind`: conflict = depends on the current state (may succeed
 * later or differently), unprocessable = the request can never succeed as
 * written (including "you are not allowed"), not_found = no such lot / bid.
 */
export const AuctionErrors = {
  lotNotFound: (lotId: string) => new DomainError('auction.lot_not_found', 'not_found', `Lot ${lotId} does not exist`, { lotId }),
  lotAlreadyExists: (lotId: string) => new DomainError('auction.lot_exists', 'conflict', `Lot ${lotId} already exists`, { lotId }),
  closingTimeNotInFuture: (closesAt: string) =>
    new DomainError('auction.closing_time_in_past', 'unprocessable', `Closing time ${closesAt} must be in the future`, { closesAt }),
  invalidDetails: (message: string) => new DomainError('auction.invalid_details', 'unprocessable', message),
  invalidAmount: (field: string, value: unknown) =>
    new DomainError('auction.invalid_amount', 'unprocessable', `${field} must be a positive integer number of minor units`, { field, value }),
  amountTooHigh: (field: string, value: number, maximum: number) =>
    new DomainError('auction.amount_too_high', 'unprocessable', `${field} ${value} is above the limit of ${maximum}`, { field, value, maximum }),
  invalidRules: (field: string, message: string) => new DomainError('auction.invalid_rules', 'unprocessable', `rules.${field}: ${message}`, { field }),
  invalidReserve: (reservePrice: number, startingPrice: number) =>
    new DomainError('auction.invalid_reserve', 'unprocessable', `The reserve ${reservePrice} must be above the starting price ${startingPrice}`, {
      field: 'reservePrice',
      reservePrice,
      startingPrice,
    }),
  invalidBuyNow: (buyNowPrice: number, minimum: number) =>
    new DomainError(
      'auction.invalid_buy_now',
      'unprocessable',
      `The buy-now price must be at least ${minimum} (above the starting price, not below the reserve)`,
      {
        field: 'buyNowPrice',
        buyNowPrice,
        minimum,
      },
    ),
  adminRequired: (action: string) => new DomainError('auction.admin_required', 'unprocessable', `Only an admin may ${action}`, { action }),
  sellerMustBeOpener: (sellerId: string, openerId: string) =>
    new DomainError('auction.seller_must_be_opener', 'unprocessable', 'An own lot can only be opened by its seller', { sellerId, openerId }),
  notSellerOrAdmin: (action: string) =>
    new DomainError('auction.not_seller_or_admin', 'unprocessable', `Only the seller or an admin may ${action}`, { action }),
  biddingEnded: (lotId: string, closesAt: string) =>
    new DomainError('auction.bidding_ended', 'conflict', `Bidding on lot ${lotId} ended at ${closesAt}`, { lotId, closesAt }),
  lotCancelled: (lotId: string) => new DomainError('auction.lot_cancelled', 'conflict', `Lot ${lotId} was cancelled`, { lotId }),
  lotClosed: (lotId: string) => new DomainError('auction.lot_closed', 'conflict', `Lot ${lotId} is already closed`, { lotId }),
  sellerCannotBid: () => new DomainError('auction.seller_cannot_bid', 'unprocessable', 'The seller cannot bid on their own lot'),
  delegateCannotBid: () => new DomainError('auction.delegate_cannot_bid', 'unprocessable', "The seller's delegates cannot bid on this lot"),
  bidTooLow: (amount: number, minimum: number) =>
    new DomainError('auction.bid_too_low', 'unprocessable', `A bid must be at least ${minimum}; ${amount} is too low`, { amount, minimum }),
  /** The leader submitted a maximum not above their own current one (shown to them only: it is their own maximum). */
  alreadyLeading: (maximum?: number) =>
    new DomainError(
      'auction.already_leading',
      'conflict',
      maximum === undefined ? 'You already hold the highest bid on this lot' : `You already lead with a maximum of ${maximum}; to raise it, bid more than that`,
      maximum === undefined ? {} : { maximum, minimum: maximum + 1 },
    ),
  notDueYet: (closesAt: string) => new DomainError('auction.not_due', 'conflict', `The lot closes at ${closesAt}, not before`, { closesAt }),
  buyNowUnavailable: (reason: 'not_offered' | 'expired') =>
    new DomainError(
      'auction.buy_now_unavailable',
      'conflict',
      reason === 'not_offered' ? 'This lot has no buy-now price' : 'Buy-now is no longer available on this lot',
      {
        reason,
      },
    ),
  bidNotFound: (bidNo: number) => new DomainError('auction.bid_not_found', 'not_found', `No bid #${bidNo} on this listing`, { bidNo }),
  notYourBid: (bidNo: number) => new DomainError('auction.not_your_bid', 'unprocessable', `Bid #${bidNo} is not yours`, { bidNo }),
  retractionWindowPassed: (bidNo: number, retractableUntil: string) =>
    new DomainError('auction.retraction_window_passed', 'conflict', `Bid #${bidNo} could be retracted until ${retractableUntil}`, {
      bidNo,
      retractableUntil,
    }),
  retractionTooCloseToEnd: (closesAt: string, lockedFrom: string) =>
    new DomainError('auction.retraction_too_close_to_end', 'conflict', `Bids cannot be retracted after ${lockedFrom} (the lot closes at ${closesAt})`, {
      closesAt,
      lockedFrom,
    }),
  reasonRequired: () => new DomainError('auction.reason_required', 'unprocessable', 'A reason is required'),
  hasBids: (lotId: string) => new DomainError('auction.has_bids', 'conflict', `Lot ${lotId} already has bids; only an admin can cancel it now`, { lotId }),
  notRelistable: (status: string, outcome: string | null) =>
    new DomainError('auction.not_relistable', 'conflict', 'Only a closed, unsold lot can be relisted', { status, outcome }),
};
