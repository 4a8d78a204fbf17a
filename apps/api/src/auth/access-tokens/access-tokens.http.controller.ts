import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IssueAccessTokenDto, isAdmin, type AccessTokenView, type Actor, type IssuedAccessTokenView } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { PersonalTokens, type TokenRow } from '../../core/access/personal-tokens';
import { ForAdmin, ForEmployee } from '../../core/access/policy';
import { problem } from '../../core/problem';
import { RolesService } from '../../core/roles.service';

const view = (r: TokenRow): AccessTokenView => ({
  tokenId: r.token_id,
  employeeId: r.employee_id,
  name: r.name,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
  revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
});

/** Personal access tokens for the CLIs (`npm run audit`, `identity:import`, rebuilds). */
@ApiTags('auth')
@Controller('auth/tokens')
export class AccessTokensController {
  constructor(
    private readonly tokens: PersonalTokens,
    private readonly roles: RolesService,
  ) {}

  @Post()
  @ForAdmin()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a token to an employee (admins): it acts as that employee with the roles they have at each request; shown once' })
  @ApiResponse({ status: 422, description: 'Not an active employee' })
  async issue(@Body() body: IssueAccessTokenDto, @CurrentEmployee() admin: Actor): Promise<IssuedAccessTokenView> {
    if (!(await this.roles.rolesOf(body.employeeId)).length) throw problem(422, 'auth.not_an_employee', `${body.employeeId} is not an active employee`);
    const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null;
    const { token, row } = await this.tokens.issue(body.employeeId, body.name, admin.employeeId, expiresAt);
    return { ...view(row), token };
  }

  @Get()
  @ForEmployee()
  @ApiOperation({ summary: "Tokens: your own, or (admins) anyone's" })
  @ApiQuery({ name: 'employeeId', required: false })
  async list(@CurrentEmployee() actor: Actor, @Query('employeeId') employeeId?: string): Promise<{ items: AccessTokenView[] }> {
    if (!isAdmin(actor) && employeeId !== undefined && employeeId !== actor.employeeId)
      throw problem(403, 'auth.admin_required', "Only an admin may list someone else's tokens");
    return { items: (await this.tokens.list(isAdmin(actor) ? employeeId : actor.employeeId)).map(view) };
  }

  @Delete(':tokenId')
  @ForEmployee()
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a token (its owner, or an admin): refused from the next request on' })
  async revoke(@Param('tokenId') tokenId: string, @CurrentEmployee() actor: Actor): Promise<AccessTokenView> {
    if (!/^[A-Za-z0-9]{12}$/.test(tokenId)) throw problem(400, 'validation.failed', 'tokenId is 12 letters and digits');
    const mine = (await this.tokens.list(actor.employeeId)).some((t) => t.token_id === tokenId);
    if (!mine && !isAdmin(actor)) throw problem(404, 'auth.token_not_found', `No token ${tokenId} of yours`);
    const row = await this.tokens.revoke(tokenId);
    if (!row) throw problem(404, 'auth.token_not_found', `No token ${tokenId}`);
    return view(row);
  }
}
