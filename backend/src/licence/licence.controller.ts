import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AdminOnly } from '../common/auth-context';
import { LicenceService } from './licence.service';
import { LicenceView } from './licence.view';

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
  @ApiOkResponse({ type: LicenceView })
  get() {
    return this.licence.view();
  }

  @Put()
  @ApiOkResponse({ type: LicenceView, description: 'The licence now in force' })
  install(@Body() dto: InstallLicenceDto) {
    return this.licence.install(dto.key);
  }

  @Delete()
  @ApiOkResponse({ type: LicenceView, description: 'The licence now in force: the free tier' })
  remove() {
    return this.licence.remove();
  }
}
