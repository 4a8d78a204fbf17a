import { Inject, Injectable } from '@nestjs/common';
import {
  employeeStreamId,
  formatPosition,
  IDENTITY_SCHEMA_VERSIONS,
  verificationStreamId,
  type CommandResultDto,
  type EmployeeEvent,
  type IdentityEventType,
  type VerificationEvent,
} from '@megabot/contracts';
import {
  createEmployeeDecider,
  createVerificationDecider,
  type EmployeeCommand,
  type EmployeeState,
  type VerificationCommand,
  type VerificationState,
} from '@megabot/domain';
import { StreamCommandProcessor, type EventStore } from '@megabot/event-store';
import { EVENT_STORE } from '../core/api-options';
import { hashCommand } from '../auction/auction.write-model';
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
    const schemaVersion = (type: string) => IDENTITY_SCHEMA_VERSIONS[type as IdentityEventType] ?? 1;
    this.employees = new StreamCommandProcessor(store, createEmployeeDecider(settings.policy), { schemaVersion });
    this.verifications = new StreamCommandProcessor(store, createVerificationDecider({ policy: settings.policy, hashCode: settings.hashCode }), { schemaVersion });
  }

  async employee(command: EmployeeCommand, ctx: IdentityCommandContext): Promise<IdentityOutcome<EmployeeEvent>> {
    const streamId = employeeStreamId(command.employeeId);
    const outcome = await this.employees.execute(streamId, command, { ...ctx, commandHash: hashCommand(command as never) });
    return { result: resultOf(outcome), events: outcome.events };
  }

  /**
   * `fingerprint`: what makes two requests "the same command" for the idempotency check - a code request carries fresh
   * random digits on every retry, so it is fingerprinted without them.
   */
  async verification(command: VerificationCommand, ctx: IdentityCommandContext, fingerprint: unknown = command): Promise<IdentityOutcome<VerificationEvent>> {
    const streamId = verificationStreamId(command.telegramUserId);
    const outcome = await this.verifications.execute(streamId, command, { ...ctx, commandHash: hashCommand(fingerprint as never) });
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
