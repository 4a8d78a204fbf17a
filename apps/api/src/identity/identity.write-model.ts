import { Inject, Injectable } from '@nestjs/common';
import { employeeStreamId, formatPosition, verificationStreamId, type CommandResultDto, type EmployeeEvent, type VerificationEvent } from '@megabot/contracts';
import {
  employeeWriteSide,
  verificationWriteSide,
  type EmployeeCommand,
  type EmployeeState,
  type VerificationCommand,
  type VerificationState,
} from '@megabot/domain';
import { fingerprint, StreamCommandProcessor, type EventStore } from '@megabot/event-store';
import { EVENT_STORE } from '../core/api-options';
import { IDENTITY_SETTINGS_TOKEN, type IdentitySettings } from './identity.settings';

export interface IdentityCommandContext {
  commandId: string;
  actorId?: string;
  correlationId?: string;
  causationId?: string;
}

export interface IdentityOutcome<E> {
  result: CommandResultDto;
  events: E[];
}

/**
 * The identity write side: one per-stream serialized processor for employee
 * streams and one for verification streams (see StreamCommandProcessor).
 */
@Injectable()
export class IdentityWriteModel {
  readonly employees: StreamCommandProcessor<EmployeeCommand, EmployeeEvent, EmployeeState>;
  readonly verifications: StreamCommandProcessor<VerificationCommand, VerificationEvent, VerificationState>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(IDENTITY_SETTINGS_TOKEN) readonly settings: IdentitySettings,
  ) {
    this.employees = new StreamCommandProcessor(store, employeeWriteSide(settings.policy));
    this.verifications = new StreamCommandProcessor(store, verificationWriteSide({ policy: settings.policy, hashCode: settings.hashCode }));
  }

  async employee(command: EmployeeCommand, ctx: IdentityCommandContext): Promise<IdentityOutcome<EmployeeEvent>> {
    const outcome = await this.employees.execute(command, { ...ctx, commandHash: fingerprint(command) });
    return { result: resultOf(outcome), events: outcome.events };
  }

  /**
   * `fingerprint`: what makes two requests "the same command" for the idempotency check - a code request carries fresh
   * random digits on every retry, so it is fingerprinted without them.
   */
  async verification(command: VerificationCommand, ctx: IdentityCommandContext, request: unknown = command): Promise<IdentityOutcome<VerificationEvent>> {
    const outcome = await this.verifications.execute(command, { ...ctx, commandHash: fingerprint(request) });
    return { result: resultOf(outcome), events: outcome.events };
  }

  async verificationState(telegramUserId: number): Promise<VerificationState> {
    return (await this.verifications.current(verificationStreamId(telegramUserId))).state;
  }

  async employeeState(employeeId: string): Promise<EmployeeState> {
    return (await this.employees.current(employeeStreamId(employeeId))).state;
  }
}

function resultOf(o: { streamId: string; revision: bigint; position: Parameters<typeof formatPosition>[0]; duplicate: boolean }): CommandResultDto {
  return { streamId: o.streamId, revision: Number(o.revision), position: formatPosition(o.position), duplicate: o.duplicate };
}
