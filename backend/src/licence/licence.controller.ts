import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AdminOnly } from '../common/auth-context';
import { LicenceService } from './licence.service';

export class InstallLicenceDto {
  @ApiProperty({ description: 'The licence text, HDL1.<payload>.<signature>' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  key: string;
}

@ApiTags('licence')
@AdminOnly()
@Controller('api/v1/licence')
export class LicenceController {
  constructor(private readonly licence: LicenceService) {}

  @Get()
  get() {
    return this.licence.view();
  }

  @Put()
  install(@Body() dto: InstallLicenceDto) {
    return this.licence.install(dto.key);
  }

  @Delete()
  remove() {
    return this.licence.remove();
  }
}
