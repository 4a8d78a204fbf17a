import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { WebAppSessionDto, WidgetSessionDto, type SessionView } from '@megabot/contracts';
import { Public } from '../../core/access/policy';
import { Sessions } from '../../core/access/sessions';
import { IdentityDirectory } from '../../identity/identity.directory';
import { sessionCookies, setCookies, webAppSessionCookies } from '../auth.cookies';
import { OpenTelegramSession } from './telegram-session.handler';

@ApiTags('auth')
@Controller('auth')
export class TelegramSessionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: Sessions,
    private readonly directory: IdentityDirectory,
  ) {}

  @Post('webapp')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "A Telegram Web App opens a session with its initData (validated with the bot's token, at most 10 minutes old, once)" })
  @ApiResponse({ status: 401, description: 'Tampered, expired, replayed, for another bot, or not a verified employee' })
  webApp(
    @Body() body: WebAppSessionDto,
    @Headers('user-agent') userAgent: string | undefined,
    @Res({ passthrough: true }) reply: unknown,
  ): Promise<SessionView> {
    return this.open({ initData: body.initData }, userAgent, reply);
  }

  @Post('telegram-widget')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with the Telegram Login Widget (deployments with a domain): the payload is validated with the bot token' })
  @ApiResponse({ status: 401, description: 'Tampered, expired, replayed, for another bot, or not a verified employee' })
  widget(
    @Body() body: WidgetSessionDto,
    @Headers('user-agent') userAgent: string | undefined,
    @Res({ passthrough: true }) reply: unknown,
  ): Promise<SessionView> {
    return this.open({ widget: body.payload }, userAgent, reply);
  }

  private async open(proof: OpenTelegramSession['proof'], userAgent: string | undefined, reply: unknown): Promise<SessionView> {
    const { session, employeeId, roles } = await this.commands.execute(new OpenTelegramSession(proof, userAgent));
    const webApp = 'initData' in proof;
    setCookies(reply, (webApp ? webAppSessionCookies : sessionCookies)(session, this.sessions.secureCookies));
    const row = await this.directory.employee(employeeId);
    return {
      employeeId,
      fullName: row?.full_name ?? null,
      roles,
      kind: webApp ? 'webapp' : 'widget',
      csrf: session.csrf,
      expiresAt: session.expiresAt.toISOString(),
    };
  }
}
