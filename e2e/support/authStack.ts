import { spawn, type ChildProcess } from 'node:child_process';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A second, auth-protected stack for the embed auth tests:
 * - an OpenID/OAuth2 authorization server (oidc-provider) on loopback, in this process;
 * - a HAPI FHIR with bearer-JWT verification against that server's JWKS;
 * - serve.mjs for the viewer, with its own config.json (host-token or smart) and /fhir → that HAPI.
 * The test profile's Orthanc is shared; nothing of the main test stack changes.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const AS_ORIGIN = 'http://127.0.0.1:14176';
export const AUTH_VIEWER = 'http://127.0.0.1:14175';
export const AUTH_FHIR_PORT = 18090;
export const AUTH_FHIR_URL = `http://127.0.0.1:${AUTH_FHIR_PORT}/fhir`;
/** What the viewer sends as iss/aud: the FHIR base as the browser sees it. */
export const FHIR_AUDIENCE = `${AUTH_VIEWER}/fhir`;
export const CLIENT_ID = 'roi-viewer';
export const LAUNCH_PATIENT = 'roiv-smart-patient';
export const PRACTITIONER = 'Practitioner/roiv-smart-practitioner';
const RESOURCE_SCOPE = 'patient/*.rs user/ImagingSelection.cu';

const DIR = path.join(ROOT, '.stack-data', 'test-auth');
const CONFIG_FILE = path.join(DIR, 'config.json');

interface Processes {
  startServer(p: object, name: 'fhir', opts: { auth: { jwksUrl: string; issuer: string } }): Promise<unknown>;
  stopServer(p: object, name: 'fhir'): Promise<unknown>;
}

function authProfile() {
  return {
    name: 'test-auth',
    fhirPort: AUTH_FHIR_PORT,
    fhirUrl: AUTH_FHIR_URL,
    fhirDbUrl: 'mem',
    dir: DIR,
    logs: path.join(DIR, 'logs'),
    run: path.join(DIR, 'run'),
    fhirDir: path.join(DIR, 'fhir'),
  };
}

const b64url = (x: Buffer | string) => Buffer.from(x).toString('base64url');

export class AuthStack {
  #key: { privateKey: KeyObject; kid: string };
  #as?: Server;
  #viewer?: ChildProcess;
  #processes?: Processes;
  /** launch id → patient id, as an EHR would keep it. */
  readonly launches = new Map<string, string>();
  #lastLaunch: string | undefined;

  constructor() {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#key = { privateKey, kid: randomUUID() };
  }

  /** A JWT access token as the portal's own IdP would mint it (same signing key, iss and aud). */
  token(expiresInSeconds: number): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.#key.kid }));
    const body = b64url(JSON.stringify({ iss: AS_ORIGIN, aud: FHIR_AUDIENCE, sub: 'portal-user', iat: now - 5, exp: now + expiresInSeconds, jti: randomUUID() }));
    const sign = createSign('RSA-SHA256');
    sign.update(`${header}.${body}`);
    return `${header}.${body}.${b64url(sign.sign(this.#key.privateKey))}`;
  }

  async start(viewerConfig: object): Promise<void> {
    fs.mkdirSync(DIR, { recursive: true });
    this.writeConfig(viewerConfig);
    await this.#startAuthorizationServer();
    this.#processes = (await import(new URL('../../stack/lib/processes.mjs', import.meta.url).href)) as Processes;
    const viewer = this.#startViewer();
    await this.#processes.startServer(authProfile(), 'fhir', { auth: { jwksUrl: `${AS_ORIGIN}/jwks`, issuer: AS_ORIGIN } });
    await viewer;
  }

  /** serve.mjs re-reads config.json when it changes, so one viewer serves every auth mode. */
  writeConfig(config: object): void {
    fs.writeFileSync(CONFIG_FILE, JSON.stringify(config, null, 2));
    // Make sure the mtime moves even within the same millisecond tick.
    const t = new Date(Date.now() + 1000);
    fs.utimesSync(CONFIG_FILE, t, t);
  }

  /** A request straight to the protected HAPI with a fresh token. */
  async fhir(p: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${AUTH_FHIR_URL}/${p}`, {
      ...init,
      headers: { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json', 'Cache-Control': 'no-cache', Authorization: `Bearer ${this.token(300)}`, ...(init.headers ?? {}) },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async stop(): Promise<void> {
    this.#viewer?.kill('SIGTERM');
    await this.#processes?.stopServer(authProfile(), 'fhir').catch(() => undefined);
    await new Promise<void>((resolve) => (this.#as ? this.#as.close(() => resolve()) : resolve()));
    this.#as?.closeAllConnections?.();
  }

  async #startAuthorizationServer(): Promise<void> {
    // Loaded here, not at the top: only the auth tests need it (and it warns about Node 20 on import).
    const { default: Provider } = await import('oidc-provider');
    const jwk = { ...this.#key.privateKey.export({ format: 'jwk' }), kid: this.#key.kid, alg: 'RS256', use: 'sig' };
    const provider = new Provider(AS_ORIGIN, {
      clients: [{ client_id: CLIENT_ID, token_endpoint_auth_method: 'none', redirect_uris: [`${AUTH_VIEWER}/`], grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: { keys: [jwk as never] },
      cookies: { keys: ['roi-viewer-e2e-only'] },
      pkce: { required: () => true },
      scopes: ['openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access'],
      claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
      conformIdTokenClaims: false,
      extraParams: ['launch', 'aud'],
      clientBasedCORS: () => true,
      findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, fhirUser: `${FHIR_AUDIENCE}/${PRACTITIONER}` }) }),
      features: {
        devInteractions: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => FHIR_AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: RESOURCE_SCOPE, audience: FHIR_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } }),
        },
      },
      // The EHR already knows the user consented: grant what the app asks for.
      loadExistingGrant: async (ctx) => {
        const o = ctx.oidc;
        const grantId = o.result?.consent?.grantId ?? o.session?.grantIdFor(o.client!.clientId);
        if (grantId) return o.provider.Grant.find(grantId);
        const grant = new o.provider.Grant({ clientId: o.client!.clientId, accountId: o.session!.accountId! });
        grant.addOIDCScope('openid fhirUser launch launch/patient');
        grant.addOIDCClaims(['fhirUser']);
        grant.addResourceScope(FHIR_AUDIENCE, RESOURCE_SCOPE);
        await grant.save();
        return grant;
      },
    });
    // SMART launch context: the token response names the launch's patient.
    provider.use(async (ctx, next) => {
      if (ctx.path === '/auth' && typeof ctx.query.launch === 'string') this.#lastLaunch = ctx.query.launch;
      await next();
      const body = ctx.body as Record<string, unknown> | undefined;
      if (ctx.path === '/token' && body && typeof body === 'object' && 'access_token' in body && this.#lastLaunch) {
        const patient = this.launches.get(this.#lastLaunch);
        if (patient) ctx.body = { ...body, patient };
      }
    });
    await new Promise<void>((resolve, reject) => {
      this.#as = provider.listen(Number(new URL(AS_ORIGIN).port), '127.0.0.1', () => resolve()) as Server;
      this.#as.once('error', reject);
    });
  }

  async #startViewer(): Promise<void> {
    const dist = process.env.VIEWER_DIST ?? path.join(ROOT, 'dist');
    const orthanc = process.env.ORTHANC_URL ?? 'http://127.0.0.1:18042';
    const log = fs.openSync(path.join(DIR, 'serve.log'), 'a');
    this.#viewer = spawn(process.execPath, [path.join(ROOT, 'stack', 'serve.mjs'), '--port', new URL(AUTH_VIEWER).port, '--orthanc', orthanc, '--fhir', `http://127.0.0.1:${AUTH_FHIR_PORT}`, '--config', CONFIG_FILE, '--dist', dist], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${AUTH_VIEWER}/config.json`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`serve.mjs for the auth viewer did not start; see ${DIR}/serve.log`);
  }
}
