import type { LoginChallengeView } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

/** The employee's answer to a sign-in (the API checks it is the employee signing in). */
export class AuthApi {
  constructor(private readonly http: ApiClient) {}

  decideLogin(challengeId: string, approve: boolean, telegramUserId: number): Promise<LoginChallengeView> {
    return this.http.request({ method: 'POST', path: `/auth/login/${seg(challengeId)}/decision`, body: { approve }, actor: telegramUserId });
  }
}
