import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HireEmployeeDto, RequestVerificationCodeDto, SubmitVerificationCodeDto, UpdateEmployeeDto } from './identity.dto';

const errorsOf = <T extends object>(cls: new () => T, body: object) =>
  validateSync(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property);

const hire = {
  employeeId: 'e-anna',
  fullName: 'Anna Ivanova',
  email: 'anna.ivanova@example.com',
  department: 'Engineering',
  position: 'Backend developer',
  office: 'Moscow HQ',
  managerId: 'e-boris',
  roles: ['employee', 'admin'],
  clearance: 'confidential',
  projects: ['megabot'],
};

describe('identity DTOs', () => {
  it('accept a full hire and a minimal one', () => {
    expect(errorsOf(HireEmployeeDto, hire)).toEqual([]);
    const { employeeId, managerId, roles, clearance, projects, ...minimal } = hire;
    expect(errorsOf(HireEmployeeDto, minimal)).toEqual([]);
  });

  it.each([
    ['email', { email: 'not-an-email' }],
    ['roles', { roles: ['employee', 'root'] }],
    ['roles', { roles: [] }],
    ['roles', { roles: ['employee', 'employee'] }],
    ['clearance', { clearance: 'cosmic' }],
    ['projects', { projects: ['a b'] }],
    ['managerId', { managerId: 'boss man' }],
    ['fullName', { fullName: '' }],
    ['employeeId', { employeeId: '-x' }],
  ])('refuse a hire with a bad %s', (field, patch) => expect(errorsOf(HireEmployeeDto, { ...hire, ...patch })).toEqual([field]));

  it('refuse unknown fields', () => expect(errorsOf(HireEmployeeDto, { ...hire, salary: 1 })).toEqual(['salary']));

  it('let an update give only some fields, and null for the manager', () => {
    expect(errorsOf(UpdateEmployeeDto, { position: 'Team lead' })).toEqual([]);
    expect(errorsOf(UpdateEmployeeDto, { managerId: null })).toEqual([]);
    expect(errorsOf(UpdateEmployeeDto, { roles: ['nobody'] })).toEqual(['roles']);
  });

  it('check the verification requests; the Telegram account is never taken from a body', () => {
    expect(errorsOf(RequestVerificationCodeDto, { email: 'Anna@Example.com ' })).toEqual([]);
    expect(errorsOf(RequestVerificationCodeDto, { email: '' })).toEqual(['email']);
    // the account comes from the bot's X-Telegram-User-Id alone: a body naming one is refused
    expect(errorsOf(RequestVerificationCodeDto, { telegramUserId: 700001, email: 'a@example.com' })).toEqual(['telegramUserId']);
    expect(errorsOf(SubmitVerificationCodeDto, { code: '493 027' })).toEqual([]);
    expect(errorsOf(SubmitVerificationCodeDto, { code: '' })).toEqual(['code']);
    expect(errorsOf(SubmitVerificationCodeDto, { telegramUserId: 700001, code: '493 027' })).toEqual(['telegramUserId']);
  });
});
