import { Module } from '@nestjs/common';
import { AccessTokensController } from './access-tokens/access-tokens.http.controller';
import { LoginController } from './login/login.http.controller';
import { CompleteLoginHandler, DecideLoginHandler, StartLoginHandler } from './login/login.handlers';
import { TelegramSessionController } from './telegram-session/telegram-session.http.controller';
import { OpenTelegramSessionHandler } from './telegram-session/telegram-session.handler';

/**
 * How people prove who they are to the web front ends (a login confirmed in
 * the bot, Telegram's Login Widget, a Web App's initData) and the CLIs'
 * personal access tokens. Who may do what is decided by the AccessGuard
 * (core/access), not here.
 */
@Module({
  controllers: [LoginController, TelegramSessionController, AccessTokensController],
  providers: [StartLoginHandler, DecideLoginHandler, CompleteLoginHandler, OpenTelegramSessionHandler],
})
export class AuthModule {}
