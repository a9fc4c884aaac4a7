// The few parts of oidc-provider (which ships no types) that the e2e authorization server uses.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }
  interface OidcContext {
    result?: { consent?: { grantId?: string } };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    client?: { clientId: string };
    provider: { Grant: { new (o: { clientId: string; accountId: string }): Grant; find(id: string): Promise<Grant | undefined> } };
  }
  export interface KoaContext {
    path: string;
    query: Record<string, string | string[] | undefined>;
    body: unknown;
    oidc: OidcContext;
  }
  export default class Provider {
    constructor(issuer: string, configuration: {
      findAccount?: (ctx: KoaContext, sub: string) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> }>;
      loadExistingGrant?: (ctx: KoaContext) => Promise<Grant | undefined>;
      [key: string]: unknown;
    });
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
    listen(port: number, host: string, cb: () => void): Server;
  }
}
