import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { LoginDecisionDto, StartLoginDto, type LoginChallengeView, type SessionView } from '@megabot/contracts';
import { Caller, type RequestActor } from '../../core/access/actor';
import { cookieOf } from '../../core/access/access.guard';
import { Access, Public } from '../../core/access/policy';
import { Sessions } from '../../core/access/sessions';
import { problem } from '../../core/problem';
import { RolesService } from '../../core/roles.service';
import { IdentityDirectory } from '../../identity/identity.directory';
import { clearedCookies, cookie, LOGIN_COOKIE, sessionCookies, setCookies } from '../auth.cookies';
import { CompleteLogin, DecideLogin, LOGIN_TTL_SECONDS, StartLogin } from './login.handlers';

@ApiTags('auth')
@Controller('auth')
export class LoginController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: Sessions,
    private readonly directory: IdentityDirectory,
    private readonly roles: RolesService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign in to a web front end: the employee confirms in the bot ("It\'s me"); this browser then takes the session (`…/session`)' })
  @ApiResponse({ status: 429, description: 'Too many sign-ins waiting for an answer' })
  async start(
    @Body() body: StartLoginDto,
    @Headers('user-agent') userAgent: string | undefined,
    @Res({ passthrough: true }) reply: unknown,
  ): Promise<LoginChallengeView> {
    const { browserSecret, ...view } = await this.commands.execute(new StartLogin({ employeeId: body.employeeId, email: body.email }, userAgent));
    setCookies(reply, [
      cookie(LOGIN_COOKIE, `${view.challengeId}.${browserSecret}`, {
        maxAgeSeconds: LOGIN_TTL_SECONDS,
        httpOnly: true,
        secure: this.sessions.secureCookies,
        sameSite: 'Strict',
      }),
    ]);
    return view;
  }

  @Post('login/:challengeId/decision')
  @Access({ kind: 'employee', via: ['bot'] })
  @HttpCode(200)
  @ApiOperation({ summary: "The employee's answer in the bot (only the Telegram account bound to the employee signing in)" })
  @ApiResponse({ status: 404, description: 'No such sign-in waits for this employee' })
  @ApiResponse({ status: 409, description: 'Answered already, or expired' })
  decide(
    @Param('challengeId', new ParseUUIDPipe()) challengeId: string,
    @Body() body: LoginDecisionDto,
    @Caller() caller: RequestActor,
  ): Promise<LoginChallengeView> {
    return this.commands.execute(new DecideLogin(challengeId, caller.employeeId, body.approve));
  }

  @Post('login/:challengeId/session')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'The browser that started the sign-in asks for its session: 202 while the employee has not answered, the session once they confirmed',
  })
  @ApiResponse({ status: 202, description: 'Still waiting for the answer in Telegram' })
  @ApiResponse({ status: 403, description: 'The employee said it was not them' })
  @ApiResponse({ status: 410, description: 'Expired, or already used' })
  async complete(
    @Param('challengeId', new ParseUUIDPipe()) challengeId: string,
    @Headers('cookie') cookies: string | undefined,
    @Headers('user-agent') userAgent: string | undefined,
    @Res({ passthrough: true }) reply: { status?: (n: number) => unknown; code?: (n: number) => unknown },
  ): Promise<SessionView | LoginChallengeView> {
    const [id, secret] = (cookieOf(cookies, LOGIN_COOKIE) ?? '').split('.');
    const done = await this.commands.execute(new CompleteLogin(challengeId, id === challengeId ? secret : undefined, userAgent));
    if (done.status === 'pending') {
      (reply.code ?? reply.status)?.call(reply, 202);
      return { challengeId, status: 'pending', expiresAt: '' };
    }
    if (done.status === 'denied') throw problem(403, 'auth.login_denied', 'The employee answered in Telegram that this sign-in was not them');
    if (!done.session) throw problem(410, 'auth.login_over', `This sign-in is ${done.status}: start again`);
    setCookies(reply, sessionCookies(done.session, this.sessions.secureCookies));
    return this.view(done.employeeId!, await this.roles.rolesOf(done.employeeId!), done.session.sessionId, 'login', done.session.expiresAt);
  }

  @Get('session')
  @Access({ kind: 'employee', via: ['session'] })
  @ApiOperation({ summary: 'Who this browser is signed in as, with the CSRF token for unsafe requests' })
  async session(@Caller() caller: RequestActor): Promise<SessionView> {
    const row = (await this.sessions.get(caller.sessionId!))!;
    return this.view(caller.employeeId!, caller.roles, row.session_id, row.kind, new Date(row.expires_at));
  }

  @Post('logout')
  @Access({ kind: 'employee', via: ['session'] })
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: the session ends here and now' })
  async logout(@Caller() caller: RequestActor, @Res({ passthrough: true }) reply: unknown): Promise<void> {
    await this.sessions.revoke(caller.sessionId!, 'signed out');
    setCookies(reply, clearedCookies(this.sessions.secureCookies));
  }

  private async view(employeeId: string, roles: string[], sessionId: string, kind: SessionView['kind'], expiresAt: Date): Promise<SessionView> {
    const row = await this.directory.employee(employeeId);
    return { employeeId, fullName: row?.full_name ?? null, roles, kind, csrf: this.sessions.csrfOf(sessionId), expiresAt: expiresAt.toISOString() };
  }
}
