import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';

export class AuditLogFilters {
  @ApiPropertyOptional({ description: 'Only actions of this admin' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  actorId?: number;

  @ApiPropertyOptional({ description: 'An action (user.update), or every action on a target type (user.*)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]+(\.([a-z_]+|\*))?$/)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'From this moment (inclusive)' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this moment (exclusive)' })
  @IsOptional()
  @IsDateString()
  to?: string;
}

export class AuditLogQuery extends IntersectionType(PageQuery, AuditLogFilters) {}
