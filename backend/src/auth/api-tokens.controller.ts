import { Body, Controller, Delete, ForbiddenException, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentUser, Principal } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { ApiTokensService, ApiTokenView, CreatedApiTokenView } from './api-tokens.service';

class CreateTokenDto {
  @ApiProperty()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}

class ListTokensQuery {
  @ApiPropertyOptional({ description: 'Admins only: list the tokens of this user' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  userId?: number;
}

@ApiTags('tokens')
@Controller('api/v1/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  /** Returns `token` once; only its hash is kept. */
  @Post()
  @ApiCreatedResponse({ type: CreatedApiTokenView })
  create(@CurrentUser() me: Principal, @Body() dto: CreateTokenDto) {
    return this.tokens.create(me.id, dto.name);
  }

  @Get()
  @ApiPageResponse(ApiTokenView, 'Every token of the user, revoked ones included; always one page (nextCursor is null)')
  async list(@CurrentUser() me: Principal, @Query() q: ListTokensQuery) {
    if (q.userId !== undefined && q.userId !== me.id && me.role !== 'admin')
      throw new ForbiddenException('Admins only');
    return { items: await this.tokens.list(q.userId ?? me.id), nextCursor: null };
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiTokenView, description: 'The token, now revoked' })
  revoke(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number) {
    return this.tokens.revoke(id, me);
  }
}
