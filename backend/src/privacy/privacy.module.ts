import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store/blob-store.module';
import { CustomerDataController } from './customer-data.controller';
import { CustomerDataRepository } from './customer-data.repository';
import { CustomerDataService } from './customer-data.service';

/** Role api: customers' data on request (GDPR export and erasure). */
@Module({
  imports: [BlobStoreModule],
  controllers: [CustomerDataController],
  providers: [CustomerDataService, CustomerDataRepository],
  exports: [CustomerDataService],
})
export class PrivacyModule {}
