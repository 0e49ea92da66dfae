import { DynamicModule, Global, Module } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { LicenceController } from './licence.controller';
import { LicenceRepository } from './licence.repository';
import { LICENCE_PUBLIC_KEY, LicenceService, RELEASE } from './licence.service';
import { readRelease, readVendorPublicKey } from './release';

export interface LicenceModuleOptions {
  /** Only tests pass their own key (code, never configuration): releases use the built-in one. */
  publicKey?: KeyObject;
}

@Global()
@Module({})
export class LicenceModule {
  static forRoot(options: LicenceModuleOptions = {}): DynamicModule {
    return {
      module: LicenceModule,
      controllers: [LicenceController],
      providers: [
        LicenceService,
        LicenceRepository,
        { provide: LICENCE_PUBLIC_KEY, useFactory: () => options.publicKey ?? readVendorPublicKey() },
        { provide: RELEASE, useFactory: () => readRelease() },
      ],
      exports: [LicenceService],
    };
  }
}
