import { Module } from '@nestjs/common';
import { CannedResponsesController } from './canned-responses.controller';
import { CannedResponsesService } from './canned-responses.service';

@Module({ controllers: [CannedResponsesController], providers: [CannedResponsesService] })
export class CannedResponsesModule {}
