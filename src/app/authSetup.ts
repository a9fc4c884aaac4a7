import type { AppConfig } from './config/configSchema';
import { HostToken } from '../adapters/auth/HostToken';
import { retryOn401 } from '../adapters/auth/retryOn401';
import { SmartToken } from '../adapters/auth/SmartToken';
import type { SmartContext } from '../adapters/auth/smartLaunch';
import { setLaunchPatient, setPerformer, setRelaunchNeeded } from '../store/sessionActions';
import { setUser } from '../store/userActions';

/** What the clients need from the auth mode; every member is optional so "none" is just {}. */
export interface AuthWiring {
  /** For FhirClient. */
  readonly fhir: {
    readonly getAuthHeader?: () => string | undefined | Promise<string | undefined>;
    readonly onUnauthorized?: () => Promise<boolean>;
  };
  /** For the DICOMweb client and Cornerstone's loader (only with dicomweb.sendAuth). */
  readonly dicomweb: {
    readonly getAuthHeader?: () => string | undefined;
    readonly wrapFetch: (f: typeof fetch) => typeof fetch;
  };
  /** Set in host-token mode: where `set-access-token` puts the token. */
  readonly hostToken?: HostToken;
  /** Logout: forget every token held in memory. */
  readonly signOut: () => void;
}

const NONE: AuthWiring = { fhir: {}, dicomweb: { wrapFetch: (f) => f }, signOut: () => undefined };
/** Long enough for a portal to refresh a token behind a login prompt. */
const HOST_TOKEN_WAIT_MS = 120_000;
const RETURN_KEY = 'roi-viewer.smart.return';

/**
 * Builds the auth wiring for config.auth.mode. In "smart" mode this may
 * redirect the page to the authorization server and never resolve.
 */
export async function setUpAuth(config: AppConfig, fhirBaseUrl: string, onTokenNeeded: () => void): Promise<AuthWiring> {
  const auth = config.auth;
  if (auth.mode === 'none') return NONE;
  if (auth.mode === 'host-token') {
    const token = new HostToken({ onTokenNeeded, waitMs: HOST_TOKEN_WAIT_MS });
    // One token, two servers: a 401 from one does not take the token away from the other.
    const current = () => token.current('dicomweb');
    return {
      hostToken: token,
      signOut: () => token.clear(),
      fhir: { getAuthHeader: () => token.authHeader('fhir'), onUnauthorized: () => token.rejected('fhir') },
      dicomweb: config.dicomweb.sendAuth
        ? { getAuthHeader: current, wrapFetch: (f) => retryOn401(f, current, () => token.rejected('dicomweb')) }
        : NONE.dicomweb,
    };
  }
  const ctx = await smartLaunch(auth, fhirBaseUrl);
  if (!ctx) return NONE;
  const token = new SmartToken({
    initial: { accessToken: ctx.accessToken, ...(ctx.expiresAt ? { expiresAt: ctx.expiresAt } : {}) },
    ...(ctx.refresh ? { refresh: ctx.refresh } : {}),
    onRelaunchNeeded: () => setRelaunchNeeded(true),
  });
  const current = () => token.current();
  return {
    fhir: { getAuthHeader: () => token.authHeader(), onUnauthorized: () => token.renew('fhir') },
    dicomweb: config.dicomweb.sendAuth ? { getAuthHeader: current, wrapFetch: (f) => retryOn401(f, current, () => token.renew('dicomweb')) } : NONE.dicomweb,
    signOut: () => token.clear(),
  };
}

type SmartConfig = Extract<AppConfig['auth'], { mode: 'smart' }>;

/**
 * EHR launch (?iss&launch), the redirect back (?code&state), or a standalone
 * launch against auth.iss. The iss from the URL is obeyed only when it names
 * the configured FHIR server: a crafted link must not send the user, or the
 * token, anywhere else.
 */
async function smartLaunch(auth: SmartConfig, fhirBaseUrl: string): Promise<SmartContext | undefined> {
  const smart = await import('../adapters/auth/smartLaunch');
  const url = new URL(window.location.href);
  const phase = smart.smartPhase(url.search);
  const redirectUri = new URL(auth.redirectUri ?? url.pathname, url.origin).href;
  const trusted = [fhirBaseUrl, auth.iss].filter((x): x is string => !!x).map((x) => x.replace(/\/+$/, ''));
  try {
    if (phase === 'callback') {
      const ctx = await smart.completeLaunch(window.sessionStorage);
      const back = window.sessionStorage.getItem(RETURN_KEY) ?? '';
      window.sessionStorage.removeItem(RETURN_KEY);
      window.history.replaceState(null, '', `${url.pathname}${back}`);
      if (ctx.patient) setLaunchPatient(ctx.patient);
      if (ctx.fhirUser) setPerformer({ reference: ctx.fhirUser });
      // Drafts are keyed by the signed-in user.
      if (ctx.fhirUser ?? ctx.sub) setUser(ctx.fhirUser ?? ctx.sub);
      return ctx;
    }
    const iss = phase === 'ehr-launch' ? url.searchParams.get('iss')!.replace(/\/+$/, '') : auth.iss;
    if (!iss) return undefined;
    if (!trusted.includes(iss)) {
      console.error('SMART launch refused: iss is not the configured FHIR server');
      return undefined;
    }
    // What to show after the round trip (study, mode); the launch parameters themselves are single-use.
    const keep = new URLSearchParams(url.search);
    keep.delete('iss');
    keep.delete('launch');
    window.sessionStorage.setItem(RETURN_KEY, keep.size ? `?${keep}` : '');
    await smart.authorize({ clientId: auth.clientId, scope: auth.scope, redirectUri, iss, ...(phase === 'ehr-launch' ? { launch: url.searchParams.get('launch')! } : {}) });
    // The browser is leaving for the authorization server.
    return new Promise<never>(() => undefined);
  } catch (e) {
    console.error(`SMART launch failed: ${e instanceof Error ? e.message : 'unknown error'}`);
    return undefined;
  }
}
