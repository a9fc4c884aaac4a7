/** A token and, when the authorization server gave a refresh token, the way to renew it. */
export interface SmartTokenState {
  readonly accessToken: string;
  /** Seconds since the epoch. */
  readonly expiresAt?: number;
}

export interface SmartTokenOptions {
  readonly initial: SmartTokenState;
  /** Renews with the refresh token; undefined when that is impossible (no refresh token, refused). */
  readonly refresh?: () => Promise<SmartTokenState | undefined>;
  /** The token cannot be renewed: the user must relaunch (unsaved work stays in the drafts). */
  readonly onRelaunchNeeded: () => void;
  /** Renew this long before expiry, so a request never leaves with a token about to lapse. */
  readonly skewMs?: number;
  readonly now?: () => number;
}

/**
 * The SMART access token, in memory only. It is renewed before it expires; when renewal is
 * impossible the user is asked to relaunch, once. FHIR and DICOMweb use it independently:
 * a 401 from one triggers a renewal, never a discard for the other.
 */
export class SmartToken {
  readonly #o: SmartTokenOptions;
  #state: SmartTokenState;
  #renewing: Promise<boolean> | undefined;
  #dead = false;

  constructor(options: SmartTokenOptions) {
    this.#o = options;
    this.#state = options.initial;
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  #fresh(): boolean {
    const exp = this.#state.expiresAt;
    return exp === undefined || exp * 1000 - (this.#o.skewMs ?? 60_000) > this.#now();
  }

  /** Logout: the token is dropped and never renewed again; a new launch starts over. */
  clear(): void {
    this.#dead = true;
    this.#state = { accessToken: '' };
  }

  /** The header when the token is still comfortably valid (synchronous callers, e.g. Cornerstone). */
  current(): string | undefined {
    return !this.#dead && this.#fresh() ? `Bearer ${this.#state.accessToken}` : undefined;
  }

  /** For FhirClient.getAuthHeader: renews first when the token is about to expire. */
  async authHeader(): Promise<string> {
    if (!this.#fresh()) await this.renew();
    const h = this.current();
    if (!h) throw new Error('Your sign-in has expired and could not be renewed: relaunch the viewer (unsaved regions are kept as drafts)');
    return h;
  }

  /**
   * After a 401 or near expiry: one shared renewal; true when a new token arrived. A failed
   * renewal after FHIR's 401 (or at expiry) ends the session: relaunch. After DICOMweb's 401 it
   * does not: that server may not accept this token at all, and FHIR keeps using it.
   */
  renew(audience: 'fhir' | 'dicomweb' = 'fhir'): Promise<boolean> {
    if (this.#dead) return Promise.resolve(false);
    this.#renewing ??= (async () => {
      let next: SmartTokenState | undefined;
      try {
        next = await this.#o.refresh?.();
      } catch {
        next = undefined;
      }
      this.#renewing = undefined;
      if (next?.accessToken) this.#state = next;
      return !!next?.accessToken;
    })();
    return this.#renewing.then((ok) => {
      if (!ok && audience === 'fhir' && !this.#dead) {
        this.#dead = true;
        this.#o.onRelaunchNeeded();
      }
      return ok;
    });
  }
}
