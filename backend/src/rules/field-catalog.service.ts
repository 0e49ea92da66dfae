import { Injectable } from '@nestjs/common';
import { Tx } from '../database/transactions';
import { FieldCatalog, NO_CUSTOM_FIELDS } from './engine/rule-types';

/**
 * The custom ticket fields rules may name (`field.<key>`), from the ticket model (issue
 * 15). The engine resolves every `field.<key>` through what this returns, so custom fields
 * plug in without the engine knowing them.
 */
@Injectable()
export class FieldCatalogService {
  async catalog(_tx?: Tx): Promise<FieldCatalog> {
    return NO_CUSTOM_FIELDS;
  }
}
