import { DynamicModule, Module, Type } from '@nestjs/common';
import { AttachmentsApiModule } from '../attachments/attachments.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { AuthModule } from '../auth/auth.module';
import { CannedResponsesModule } from '../canned-responses/canned-responses.module';
import { Clock, ClockModule } from '../common/clock';
import { Config } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { CustomFieldsApiModule } from '../custom-fields/custom-fields.module';
import { CustomersApiModule } from '../customers/customers.module';
import { DatabaseModule } from '../database/database.module';
import { GroupsApiModule } from '../groups/groups.module';
import { HealthModule } from '../health/health.module';
import { LicenceModule, LicenceModuleOptions } from '../licence/licence.module';
import { SetupModule, SetupModuleOptions } from '../setup/setup.module';
import { MailInApiModule, MailProcessingModule, SmtpRoleModule, SpoolModule } from '../mail-in/mail-in.modules';
import { SpoolSink } from '../mail-in/spool/spool-sink';
import { MailOutApiModule, MailOutWorkerModule, OutboxModule } from '../mail-out/mail-out.modules';
import { SourceAlertMailer } from '../mail-out/notices/source-alert-mailer';
import { MailProvidersModule, ProviderEndpoints } from '../mail-providers/endpoints';
import { MailSourcesApiModule, MailSourcesWorkerModule } from '../mail-sources/mail-sources.module';
import { MacrosModule } from '../macros/macros.module';
import { MailAuthModule, MailAuthModuleOptions } from '../mail-in/auth/mail-auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { DraftsApiModule } from '../drafts/drafts.module';
import { MentionsApiModule } from '../mentions/mentions.module';
import { NotificationsApiModule } from '../notifications/notifications.module';
import { OrganizationsApiModule } from '../organizations/organizations.module';
import { PortalModule } from '../portal/portal.module';
import { RealtimeGatewayModule } from '../realtime/realtime-gateway.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { RedisModule } from '../redis/redis.module';
import { RulesApiModule, RulesModule, RulesWorkerModule } from '../rules/rules.module';
import { SecretsModule } from '../secrets/secrets.module';
import { SettingsModule } from '../settings/settings.module';
import { SignInModule } from '../sign-in/sign-in.module';
import { PasswordLinksModule } from '../password-links/password-links.module';
import { TicketEventsModule } from '../tickets/ticket-events.module';
import { TicketsApiModule, TicketsWorkerModule } from '../tickets/tickets.module';
import { UsersApiModule } from '../users/users.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ViewsModule } from '../views/views.module';
import { WebAppModule } from '../web/web-app.module';
import { RemoteImagesApiModule } from '../remote-images/remote-images.module';
import { WebhooksApiModule, WebhooksModule, WebhooksWorkerModule } from '../webhooks/webhooks.module';

/** What each role runs on top of the shared base (config, database, Redis, health). */
const ROLE_MODULES: Record<'api' | 'worker' | 'smtp', Type[]> = {
  api: [
    AuthModule,
    SignInModule,
    PasswordLinksModule,
    GroupsApiModule,
    CustomersApiModule,
    PrivacyModule,
    OrganizationsApiModule,
    CustomFieldsApiModule,
    TicketsApiModule,
    DraftsApiModule,
    MentionsApiModule,
    NotificationsApiModule,
    MailInApiModule,
    MailSourcesApiModule,
    MailOutApiModule,
    AttachmentsApiModule,
    RemoteImagesApiModule,
    RealtimeGatewayModule,
    ViewsModule,
    CannedResponsesModule,
    RulesModule,
    RulesApiModule,
    MacrosModule,
    WebhooksModule,
    WebhooksApiModule,
    PortalModule,
    AuditLogModule,
    WebAppModule,
    // Last, so its routes stay last in the OpenAPI document (they came through AuthModule's imports before).
    UsersApiModule,
  ],
  worker: [
    MailProcessingModule,
    MailOutWorkerModule,
    TicketsWorkerModule,
    RulesModule,
    WebhooksModule,
    RulesWorkerModule,
    WebhooksWorkerModule,
  ],
  smtp: [SmtpRoleModule],
};

export interface AppOptions {
  licence?: LicenceModuleOptions;
  /** Tests point the Microsoft Graph and Gmail clients (fetching and sending) at stand-ins. */
  providerEndpoints?: Partial<ProviderEndpoints>;
  /** The time rules measure (tests pass a clock they move). */
  clock?: Clock;
  mailAuth?: MailAuthModuleOptions;
  /** Tests answer the setup checklist's DNS questions from a zone of their own. */
  setup?: SetupModuleOptions;
}

@Module({})
export class AppModule {
  static forRole(config: Config, options: AppOptions = {}): DynamicModule {
    const roles =
      config.role === 'all' ? (['api', 'worker', 'smtp'] as const) : [config.role as 'api' | 'worker' | 'smtp'];
    const features = [...new Set(roles.flatMap((r) => ROLE_MODULES[r]))];
    const licence = roles.includes('api') ? [LicenceModule.forRoot(options.licence)] : [];
    const setup = roles.includes('api') ? [SetupModule.forRoot(options.setup)] : [];
    // Fetching from mailbox sources, wired to the spool and the outbox here (no folder cycle).
    const sources = roles.includes('worker')
      ? [
          MailSourcesWorkerModule.register({
            imports: [SpoolModule, OutboxModule],
            sink: SpoolSink,
            alerts: SourceAlertMailer,
          }),
        ]
      : [];
    const mailAuth = roles.includes('smtp') ? [MailAuthModule.forRoot(options.mailAuth)] : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(options.clock),
        DatabaseModule,
        RedisModule,
        SettingsModule,
        SecretsModule,
        TicketEventsModule,
        RealtimeModule,
        HealthModule,
        MailProvidersModule.forRoot(options.providerEndpoints),
        MetricsModule,
        ...licence,
        ...setup,
        ...mailAuth,
        ...features,
        ...sources,
      ],
    };
  }
}
