import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { MacrosController } from './macros.controller';
import { MacrosRepository } from './macros.repository';
import { MacrosService } from './macros.service';

/** Role api: macros, and applying them to tickets. */
@Module({ imports: [RulesModule], controllers: [MacrosController], providers: [MacrosService, MacrosRepository] })
export class MacrosModule {}
