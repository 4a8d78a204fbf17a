import type { Provider } from '@nestjs/common';
import { employeeWriteSide, verificationWriteSide } from '@megabot/domain';
import { IDENTITY_SETTINGS_TOKEN, type IdentitySettings } from './identity.settings';

/**
 * Identity's write sides depend on the deployment's settings (allowed e-mail
 * domains, the code policy, the HMAC key codes are stored with): built once
 * per process and injected by these tokens.
 */
export const EMPLOYEE_WRITE_SIDE = Symbol('EMPLOYEE_WRITE_SIDE');
export const VERIFICATION_WRITE_SIDE = Symbol('VERIFICATION_WRITE_SIDE');
export type EmployeeDefinition = ReturnType<typeof employeeWriteSide>;
export type VerificationDefinition = ReturnType<typeof verificationWriteSide>;

export const IDENTITY_WRITE_SIDES: Provider[] = [
  { provide: EMPLOYEE_WRITE_SIDE, useFactory: (s: IdentitySettings) => employeeWriteSide(s.policy), inject: [IDENTITY_SETTINGS_TOKEN] },
  {
    provide: VERIFICATION_WRITE_SIDE,
    useFactory: (s: IdentitySettings) => verificationWriteSide({ policy: s.policy, hashCode: s.hashCode }),
    inject: [IDENTITY_SETTINGS_TOKEN],
  },
];
