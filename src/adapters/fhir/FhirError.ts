import { normalizeOperationOutcome, outcomeToText } from './outcomes';
import type { OperationOutcome } from './fhirTypes';

/**
 * Where a failure came from, which decides how the app reacts:
 * - network: no HTTP answer at all (offline, DNS, CORS, connection reset);
 * - unauthorized: 401/403, the auth boundary (sign in again / no permission);
 * - conflict: 409/412, someone else changed the resource (show keep/take);
 * - not-found: 404/410;
 * - http: any other non-2xx, including 5xx and 429;
 * - invalid-response: a 2xx that is not FHIR JSON (e.g. an SPA's index.html).
 */
export type FhirErrorKind = 'network' | 'http' | 'conflict' | 'unauthorized' | 'not-found' | 'invalid-response';

export interface FhirErrorInit {
  readonly kind: FhirErrorKind;
  readonly outcome: OperationOutcome;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly method?: string;
  readonly url?: string;
  readonly cause?: unknown;
}

/** The one error every FHIR call throws; it always carries an OperationOutcome. */
export class FhirError extends Error {
  override readonly name = 'FhirError';
  readonly kind: FhirErrorKind;
  readonly status: number | undefined;
  readonly outcome: OperationOutcome;
  readonly retryAfterMs: number | undefined;
  /** Plain text, length-capped; safe to show as text. */
  readonly userMessage: string;
  readonly method: string | undefined;
  readonly url: string | undefined;

  constructor(init: FhirErrorInit) {
    const userMessage = outcomeToText(init.outcome);
    const where = init.method && init.url ? ` (${init.method} ${init.url})` : '';
    super(`${init.kind}${init.status !== undefined ? ` ${init.status}` : ''}: ${userMessage}${where}`, { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.outcome = init.outcome;
    this.retryAfterMs = init.retryAfterMs;
    this.userMessage = userMessage;
    this.method = init.method;
    this.url = init.url;
  }
}

export function isFhirError(value: unknown): value is FhirError {
  return value instanceof FhirError;
}

export function kindForStatus(status: number): FhirErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404 || status === 410) return 'not-found';
  // HAPI answers a failed If-Match with 409; the FHIR spec says 412.
  if (status === 409 || status === 412) return 'conflict';
  return 'http';
}

/** Wrap anything as a FhirError, keeping one that already is. */
export function toFhirError(value: unknown, kind: FhirErrorKind = 'network'): FhirError {
  if (value instanceof FhirError) return value;
  return new FhirError({ kind, outcome: normalizeOperationOutcome(value), cause: value });
}
