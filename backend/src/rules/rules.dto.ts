import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ActionView, ConditionsView } from './rule.view';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateRuleDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ type: () => ConditionsView, description: '{all: [...], any: [...]}; checked when saved' })
  @IsObject()
  conditions: ConditionsView;
  @ApiProperty({ type: () => [ActionView], description: 'Run in order; checked when saved' })
  @IsArray()
  @ArrayMaxSize(30)
  actions: ActionView[];
}

export class UpdateRuleDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: () => ConditionsView }) @IsOptional() @IsObject() conditions?: ConditionsView;
  @ApiPropertyOptional({ type: () => [ActionView] }) @IsOptional() @IsArray() @ArrayMaxSize(30) actions?: ActionView[];
}

export class ReorderRulesDto {
  @ApiProperty({ type: [Number], description: 'Every rule of the list once, in the new order' })
  @IsArray()
  @IsInt({ each: true })
  ids: number[];
}

export class TestRuleDto {
  @ApiProperty({ description: 'The ticket to test against, by its number' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ticketNumber: number;
  @ApiProperty({ type: () => ConditionsView }) @IsObject() conditions: ConditionsView;
  @ApiProperty({ type: () => [ActionView] }) @IsArray() @ArrayMaxSize(30) actions: ActionView[];
}
