import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../../common/auth-context';
import { scopeOf } from '../../common/ticket-scope';
import { ReplySignatureView } from './reply-signature.view';
import { SignaturesService } from './signatures.service';

/** The composer's preview of the signature the signed-in agent's reply will carry. */
@ApiTags('tickets')
@Controller('api/v1/tickets')
export class ReplySignatureController {
  constructor(private readonly signatures: SignaturesService) {}

  @Get(':id/reply-signature')
  @ApiOkResponse({ type: ReplySignatureView })
  preview(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal): Promise<ReplySignatureView> {
    return this.signatures.preview(id, me.id, scopeOf(me));
  }
}
