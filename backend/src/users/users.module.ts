import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users for every role that needs to look one up (assignees, mentions, agents writing by mail). */
@Module({ providers: [UsersRepository], exports: [UsersRepository] })
export class UsersModule {}

/** Role api: managing users (the sessions port comes from the global AuthModule). */
@Module({ imports: [UsersModule], controllers: [UsersController], providers: [UsersService], exports: [UsersService] })
export class UsersApiModule {}
