import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { GroupsController } from './groups.controller';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

/** Groups for every role that assigns tickets. */
@Module({ providers: [GroupsRepository], exports: [GroupsRepository] })
export class GroupsModule {}

/** Role api: managing groups. */
@Module({ imports: [GroupsModule, UsersModule], controllers: [GroupsController], providers: [GroupsService] })
export class GroupsApiModule {}
