import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { verificationStreamId, type VerificationStatusView } from '@megabot/contracts';
import { verificationStatusOf } from '@megabot/domain';
import { WriteSides } from '../../../core/write-side';
import { IDENTITY_SETTINGS_TOKEN, type IdentitySettings } from '../../identity.settings';
import { VERIFICATION_WRITE_SIDE, type VerificationDefinition } from '../../identity.write-sides';

/**
 * Where an account's verification stands, from its stream as the write side
 * knows it (fresher than a read model: the bot asks right after a command).
 */
export class VerificationStatusQuery extends Query<VerificationStatusView> {
  constructor(readonly telegramUserId: number) {
    super();
  }
}

@QueryHandler(VerificationStatusQuery)
export class VerificationStatusHandler implements IQueryHandler<VerificationStatusQuery> {
  constructor(
    @Inject(VERIFICATION_WRITE_SIDE) private readonly definition: VerificationDefinition,
    @Inject(IDENTITY_SETTINGS_TOKEN) private readonly settings: IdentitySettings,
    private readonly writeSides: WriteSides,
  ) {}

  async execute({ telegramUserId }: VerificationStatusQuery): Promise<VerificationStatusView> {
    const { state } = await this.writeSides.of(this.definition).current(verificationStreamId(telegramUserId));
    return verificationStatusOf(state, telegramUserId, new Date(), this.settings.policy);
  }
}
