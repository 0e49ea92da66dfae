import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseIntPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminOnly, Public } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { RateLimitedPerIp } from '../edge/route-config';
import { CreateSsoProviderDto, UpdateSsoProviderDto } from './sso-provider.dto';
import { PublicSsoProviderView, SsoProviderView } from './sso-provider.view';
import { SsoProvider, SsoProvidersService } from './sso-providers.service';

/** The address browsers reach us at: HELPDESK_PUBLIC_URL, or the one this request came to. */
export const baseUrl = (config: Config, req: FastifyRequest) =>
  config.http.publicUrl ?? `${req.protocol}://${req.host}`;

export const callbackPath = (id: number) => `/api/v1/auth/oidc/${id}/callback`;

/** Single sign-on providers (OpenID Connect): admins configure them; the sign-in page lists them. */
@ApiTags('auth')
@Controller('api/v1/auth/providers')
export class SsoProvidersController {
  constructor(
    private readonly providers: SsoProvidersService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private view(p: SsoProvider, req: FastifyRequest) {
    return { ...p, redirectUri: baseUrl(this.config, req) + callbackPath(p.id) };
  }

  /** Names and ids for the sign-in page's "Sign in with <name>" buttons; no session needed. */
  @Public()
  @RateLimitedPerIp('anonymous')
  @Get('public')
  @ApiPageResponse(PublicSsoProviderView, 'Every provider; always one page (nextCursor is null)')
  async listPublic() {
    const items = (await this.providers.list()).map((p) => ({
      id: p.id,
      name: p.name,
      enforced: p.enforced,
      startUrl: `/api/v1/auth/oidc/${p.id}/start`,
    }));
    return { items, nextCursor: null };
  }

  @AdminOnly()
  @Get()
  @ApiPageResponse(SsoProviderView, 'Every provider; always one page (nextCursor is null)')
  async list(@Req() req: FastifyRequest) {
    return { items: (await this.providers.list()).map((p) => this.view(p, req)), nextCursor: null };
  }

  @AdminOnly()
  @Get(':id')
  @ApiOkResponse({ type: SsoProviderView })
  async get(@Param('id', ParseIntPipe) id: number, @Req() req: FastifyRequest) {
    return this.view(await this.providers.get(id), req);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: SsoProviderView })
  async create(@Body() dto: CreateSsoProviderDto, @Req() req: FastifyRequest) {
    return this.view(await this.providers.create(dto), req);
  }

  /** `clientSecret`: a new one replaces the stored one; null removes it; absent keeps it. */
  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: SsoProviderView })
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateSsoProviderDto, @Req() req: FastifyRequest) {
    return this.view(await this.providers.update(id, dto), req);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.providers.remove(id);
  }
}
