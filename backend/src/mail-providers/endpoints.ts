import { DynamicModule, Global, Module } from '@nestjs/common';

/** The providers' base URLs: overridden by tests (stand-ins on loopback), never by configuration. */
export interface ProviderEndpoints {
  /** Microsoft Graph, e.g. https://graph.microsoft.com/v1.0 */
  graph: string;
  /** Microsoft identity platform, e.g. https://login.microsoftonline.com */
  microsoftLogin: string;
  /** Gmail API, e.g. https://gmail.googleapis.com */
  gmail: string;
  /** Google's OAuth2 token endpoint. */
  googleToken: string;
  /** The keys Google signs OIDC tokens with (Pub/Sub push authentication), as a JWKS. */
  googleJwks: string;
}

export const PROVIDER_ENDPOINTS = Symbol('PROVIDER_ENDPOINTS');

export const DEFAULT_PROVIDER_ENDPOINTS: ProviderEndpoints = {
  graph: 'https://graph.microsoft.com/v1.0',
  microsoftLogin: 'https://login.microsoftonline.com',
  gmail: 'https://gmail.googleapis.com',
  googleToken: 'https://oauth2.googleapis.com/token',
  googleJwks: 'https://www.googleapis.com/oauth2/v3/certs',
};

/** The endpoints, for fetching (mail-sources) and sending (mail-out) alike. */
@Global()
@Module({})
export class MailProvidersModule {
  static forRoot(endpoints: Partial<ProviderEndpoints> = {}): DynamicModule {
    return {
      module: MailProvidersModule,
      providers: [{ provide: PROVIDER_ENDPOINTS, useValue: { ...DEFAULT_PROVIDER_ENDPOINTS, ...endpoints } }],
      exports: [PROVIDER_ENDPOINTS],
    };
  }
}
