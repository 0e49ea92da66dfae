import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
  Type,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly, CurrentUser, Principal } from '../common/auth-context';
import { ApiPageResponse, PageQuery } from '../common/pagination';
import { CreateRuleDto, ReorderRulesDto, TestRuleDto, UpdateRuleDto } from './rules.dto';
import {
  AutomationView,
  DryRunView,
  RuleDefinitionsView,
  RuleTestView,
  TriggerRunView,
  TriggerView,
} from './rule.view';
import { RulesService } from './rules.service';
import { Action, Conditions, StoredRuleKind } from './engine/rule-types';

const rule = (dto: Partial<CreateRuleDto>) => ({
  ...dto,
  conditions: dto.conditions as Conditions | undefined,
  actions: dto.actions as Action[] | undefined,
});

/** The routes triggers and automations share (`/api/v1/triggers`, `/api/v1/automations`), for admins. */
function rulesController(kind: StoredRuleKind, path: string, View: Type<unknown>) {
  @ApiTags(path)
  @AdminOnly()
  @Controller(`api/v1/${path}`)
  class RulesController {
    constructor(readonly rules: RulesService) {}

    @Get()
    @ApiOkResponse({ type: [View], description: 'In the order they run' })
    list() {
      return this.rules.list(kind);
    }

    @Post()
    @ApiCreatedResponse({ type: View })
    create(@Body() dto: CreateRuleDto, @CurrentUser() me: Principal) {
      return this.rules.create(kind, { ...rule(dto), title: dto.title }, me.id);
    }

    @Put('order')
    @ApiOkResponse({ type: [View] })
    reorder(@Body() dto: ReorderRulesDto) {
      return this.rules.reorder(kind, dto.ids);
    }

    @Post('test')
    @HttpCode(200)
    @ApiOkResponse({ type: RuleTestView, description: 'What the conditions and actions would do to the ticket now' })
    test(@Body() dto: TestRuleDto) {
      return this.rules.test(kind, { ticketNumber: dto.ticketNumber, ...rule(dto) } as never);
    }

    @Get(':id')
    @ApiOkResponse({ type: View })
    get(@Param('id', ParseIntPipe) id: number) {
      return this.rules.get(kind, id);
    }

    @Patch(':id')
    @ApiOkResponse({ type: View })
    update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateRuleDto, @CurrentUser() me: Principal) {
      return this.rules.update(kind, id, rule(dto), me.id);
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiNoContentResponse()
    remove(@Param('id', ParseIntPipe) id: number) {
      return this.rules.remove(kind, id);
    }

    @Post(':id/duplicate')
    @ApiCreatedResponse({ type: View, description: 'An inactive copy at the end of the list' })
    duplicate(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
      return this.rules.duplicate(kind, id, me.id);
    }
  }
  return RulesController;
}

export const TriggersController = rulesController('trigger', 'triggers', TriggerView);
export const AutomationsController = rulesController('automation', 'automations', AutomationView);

/** What only triggers have: the dry run and the failed runs. */
@ApiTags('triggers')
@AdminOnly()
@Controller('api/v1/triggers')
export class TriggerRunsController {
  constructor(private readonly rules: RulesService) {}

  @Get('runs')
  @ApiPageResponse(TriggerRunView, 'Trigger runs that failed after every retry, newest first')
  failed(@Query() q: PageQuery) {
    return this.rules.failedRuns(q);
  }

  @Post('runs/:id/retry')
  @HttpCode(204)
  @ApiNoContentResponse()
  retry(@Param('id', ParseIntPipe) id: number) {
    return this.rules.retryRun(id);
  }

  @Get(':id/dry-run')
  @ApiOkResponse({ type: DryRunView, description: 'Which tickets of the newest 100 events it would have matched' })
  dryRun(@Param('id', ParseIntPipe) id: number) {
    return this.rules.dryRun(id);
  }
}

@ApiTags('rules')
@Controller('api/v1/rules')
export class RuleDefinitionsController {
  constructor(private readonly rules: RulesService) {}

  @Get('definitions')
  @ApiOkResponse({ type: RuleDefinitionsView, description: 'Every condition field, operator, action and placeholder' })
  definitions() {
    return this.rules.definitions();
  }
}
