import type { FhirClient } from './FhirClient';
import { FhirError } from './FhirError';
import type { FhirResource } from './fhirTypes';
import { withRetry, type RetryOptions } from './retryPolicy';
import { identifierQuery, type SaveChange, type SavedChange } from './selectionSave';

/**
 * Saving without `transaction`: the same changes as single requests, for the
 * R5 servers that offer only create/read/update/search (issue: "any FHIR R5
 * server").
 *
 * Order: a change waits for every create whose `urn:uuid:` fullUrl it
 * references (Device before the group, the selection before its group and
 * measurements), and those placeholders are replaced by the created
 * `Type/id`, as a transaction would. Independent changes run in parallel, at
 * most `concurrency` at a time.
 *
 * Every request is idempotent, so every one may be retried and a save that
 * stopped halfway can simply be sent again: creates carry If-None-Exist on the
 * ROI's identifier (the second send finds the first), updates carry If-Match.
 * Unlike a transaction this is not atomic. A failure throws the first error
 * after the requests in flight have finished; the caller keeps every ROI of
 * the save unsaved, so an ROI counts as saved only when all of its resources
 * are, and the next attempt completes what is missing without duplicates.
 */
export interface PerResourceOptions {
  /** From the CapabilityStatement; without it a create searches by identifier first. */
  readonly conditionalCreate: boolean;
  readonly concurrency?: number;
  readonly retry?: Omit<RetryOptions, 'isIdempotent'>;
}

export const DEFAULT_CONCURRENCY = 4;

/** The fullUrl a create has inside a transaction, and so the placeholder other changes reference. */
export function placeholderOf(change: SaveChange): string | undefined {
  if (change.op !== 'create') return undefined;
  const v = change.identifier.value;
  return v.startsWith('urn:uuid:') ? v.toLowerCase() : `urn:uuid:${v.toLowerCase()}`;
}

/** Every `reference` string in the resource, at any depth. */
function referencesIn(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.add(v.toLowerCase());
      else referencesIn(v, out);
    }
  }
  return out;
}

/** A copy with each placeholder `reference` replaced; identifiers that look alike are left alone. */
function substitute<T>(value: T, resolved: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((v) => substitute(v, resolved)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === 'reference' && typeof v === 'string' ? (resolved.get(v.toLowerCase()) ?? v) : substitute(v, resolved);
    }
    return out as T;
  }
  return value;
}

/** For each change, the indices of the creates it must wait for. Throws on a cycle (a bug in the caller). */
export function dependencies(changes: readonly SaveChange[]): number[][] {
  const byPlaceholder = new Map<string, number>();
  changes.forEach((c, i) => {
    const p = placeholderOf(c);
    if (p) byPlaceholder.set(p, i);
  });
  return changes.map((c, i) => {
    const deps: number[] = [];
    for (const ref of referencesIn(c.resource, new Set())) {
      const j = byPlaceholder.get(ref);
      if (j !== undefined && j !== i) deps.push(j);
    }
    return deps;
  });
}

async function createOne(client: FhirClient, change: Extract<SaveChange, { op: 'create' }>, resource: FhirResource, options: PerResourceOptions) {
  const ifNoneExist = identifierQuery(change.identifier);
  if (options.conditionalCreate) {
    return withRetry(() => client.create(resource, { ifNoneExist }), { ...options.retry, isIdempotent: true });
  }
  // No conditional create: look for our identifier first. The only writer of
  // this identifier is this viewer's save of this ROI, and saves of one study
  // are serialised by the save queue, so nobody can create it between the
  // search and the POST. What remains is a POST whose answer was lost: it is
  // not retried here (a plain POST is not idempotent); the save fails, and the
  // next attempt's search finds what that POST stored.
  const found = await withRetry(() => client.search(change.resource.resourceType, { identifier: ifNoneExist.slice('identifier='.length) }), {
    ...options.retry,
    isIdempotent: true,
  });
  const matches = (found.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => r?.resourceType === change.resource.resourceType);
  if (matches.length > 1) {
    throw new FhirError({
      kind: 'conflict',
      status: 412,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'duplicate', diagnostics: `${matches.length} ${change.resource.resourceType} resources carry the identifier ${change.identifier.value}` }],
      },
    });
  }
  const existing = matches[0];
  if (existing?.id) return { id: existing.id, versionId: existing.meta?.versionId, resource: existing, status: 200 };
  return client.create(resource);
}

export async function savePerResource(client: FhirClient, changes: readonly SaveChange[], options: PerResourceOptions): Promise<SavedChange[]> {
  const deps = dependencies(changes);
  const results: (SavedChange | undefined)[] = new Array(changes.length);
  const resolved = new Map<string, string>();
  const started = new Set<number>();
  const limit = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  let failure: unknown;
  let inFlight = 0;

  const run = async (i: number): Promise<void> => {
    const change = changes[i] as SaveChange;
    const resource = substitute(change.resource, resolved);
    const type = change.resource.resourceType;
    if (change.op === 'create') {
      const r = await createOne(client, change, resource, options);
      const placeholder = placeholderOf(change);
      if (placeholder) resolved.set(placeholder, `${type}/${r.id}`);
      results[i] = { change, resourceId: r.id, versionId: r.versionId, status: r.status, resource: r.resource };
    } else {
      const r = await withRetry(() => client.update(resource, { ifMatch: change.versionId }), { ...options.retry, isIdempotent: true });
      results[i] = { change, resourceId: r.id, versionId: r.versionId, status: r.status, resource: r.resource };
    }
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure === undefined) {
        for (let i = 0; i < changes.length && inFlight < limit; i++) {
          if (started.has(i) || !(deps[i] ?? []).every((d) => results[d] !== undefined)) continue;
          started.add(i);
          inFlight++;
          run(i).then(
            () => {
              inFlight--;
              pump();
            },
            (error: unknown) => {
              inFlight--;
              failure ??= error;
              pump();
            },
          );
        }
      }
      if (inFlight === 0) {
        if (failure === undefined && started.size < changes.length) {
          failure = new TypeError('savePerResource: changes reference each other in a cycle');
        }
        resolve();
      }
    };
    pump();
  });
  if (failure !== undefined) throw failure;
  return results as SavedChange[];
}
