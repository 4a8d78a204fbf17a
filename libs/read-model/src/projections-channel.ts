/**
 * Channel on which the projector announces `<projection>:<position>` after each commit; the API's read-your-writes
 * waiters and in-memory copies of read models listen to it.
 */
export const PROJECTIONS_CHANNEL = 'megabot_projections';
