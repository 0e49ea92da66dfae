import { Global, Module } from '@nestjs/common';
import { SecretKeyService } from './secret-key.service';

@Global()
@Module({ providers: [SecretKeyService], exports: [SecretKeyService] })
export class SecretsModule {}
