import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../common/auth-context';
import { DkimKeysService } from './dkim-keys.service';
import { DkimKeyView, SetDkimKeyDto } from './dkim.view';

/** DKIM keys per sending domain, for admins: the private key goes in, only the DNS record comes out. */
@ApiTags('settings')
@AdminOnly()
@Controller('api/v1/settings/dkim')
export class DkimController {
  constructor(private readonly keys: DkimKeysService) {}

  @Get()
  @ApiOkResponse({ type: DkimKeyView, isArray: true })
  list(): Promise<DkimKeyView[]> {
    return this.keys.list();
  }

  @Put(':domain')
  @ApiOkResponse({ type: DkimKeyView })
  set(@Param('domain') domain: string, @Body() dto: SetDkimKeyDto): Promise<DkimKeyView> {
    return this.keys.set(domain, dto);
  }

  @Delete(':domain')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('domain') domain: string): Promise<void> {
    return this.keys.remove(domain);
  }
}
