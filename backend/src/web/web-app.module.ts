import { Module } from '@nestjs/common';
import { CONFIG } from '../config/config.module';
import { FRONTEND_DIR, resolveFrontendDir } from './frontend-dir';
import { WebAppController } from './web-app.controller';

@Module({
  controllers: [WebAppController],
  providers: [{ provide: FRONTEND_DIR, inject: [CONFIG], useFactory: resolveFrontendDir }],
})
export class WebAppModule {}
