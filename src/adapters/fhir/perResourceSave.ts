import type { FhirClient, WriteResult } from './FhirClient';
import { FhirError } from './FhirError';
import type { FhirResource } from './fhirTypes';
import { identifierQuery, type RelatedWrite, type SaveChange, type SavedChange, type SelectionIdentifier } from './selectionSave';

/**
 * Saving without `transaction`: the same writes as single requests, for the
 * R5 servers that offer only create/read/update/search (issue: "any FHIR R5
 * server").
 *
 * What goes out: the shared `create-once` writes (the viewer's Device), each
 * change (the selection), and each change's `upsert` writes (its measurement
 * Observations). A write waits for every write whose `urn:uuid:` placeholder
 * it references, and those placeholders are replaced by the created
 * `Type/id`, as a transaction would: the Device and the selection before the
 * measurements, the measurements before their group. Independent writes run
 * in parallel, at most `concurrency` at a time.
 *
 * Every request is idempotent: creates carry If-None-Exist on their
 * identifier, Observations are conditional updates on theirs, and updates
 * carry If-Match. So a save that stopped halfway is simply sent again, and
 * that is the only retry: like the transaction, this makes ONE attempt and
 * the save queue decides whether to send the save again (one retry policy).
 * It is not atomic: a failure throws the first error once the requests in
 * flight have finished, and the caller keeps every ROI of the save unsaved,
 * so an ROI counts as saved only when all of its resources are; the next
 * attempt completes what is missing without duplicates.
 */
export interface PerResourceOptions {
  /** From the CapabilityStatement; without it a create searches by identifier first. */
  readonly conditionalCreate: boolean;
  readonly concurrency?: number;
}

export const DEFAULT_CONCURRENCY = 4;

/** The fullUrl a create has inside a transaction, and so the placeholder other writes reference. */
export function placeholderOf(change: SaveChange): string | undefined {
  if (change.op !== 'create') return undefined;
  const v = change.identifier.value;
  return v.startsWith('urn:uuid:') ? v.toLowerCase() : `urn:uuid:${v.toLowerCase()}`;
}

/** One request of a per-resource save. `change` is set for the change itself, not its related writes. */
interface Write {
  readonly placeholder: string | undefined;
  readonly resource: FhirResource;
  readonly change?: SaveChange;
  /** Set for a change's `upsert` writes: their identifier value. */
  readonly related?: string;
  send(client: FhirClient, resource: FhirResource, options: PerResourceOptions): Promise<WriteResult>;
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

/**
 * A create that stays idempotent. With conditional create: If-None-Exist.
 * Without it: look for the identifier first. The only writer of this
 * identifier is this viewer's save of this ROI, and saves of one study are
 * serialised by the save queue, so nobody can create it between the search
 * and the POST. What remains is a POST whose answer was lost: the save fails,
 * and the next attempt's search finds what that POST stored.
 */
async function createOnce(client: FhirClient, resource: FhirResource, identifier: SelectionIdentifier, options: PerResourceOptions): Promise<WriteResult> {
  const ifNoneExist = identifierQuery(identifier);
  if (options.conditionalCreate) return client.create(resource, { ifNoneExist });
  const found = await client.search(resource.resourceType, { identifier: ifNoneExist.slice('identifier='.length) });
  const matches = (found.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => r?.resourceType === resource.resourceType);
  if (matches.length > 1) {
    throw new FhirError({
      kind: 'conflict',
      status: 412,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'duplicate', diagnostics: `${matches.length} ${resource.resourceType} resources carry the identifier ${identifier.value}` }],
      },
    });
  }
  const existing = matches[0];
  if (existing?.id) return { id: existing.id, versionId: existing.meta?.versionId, resource: existing, status: 200 };
  return client.create(resource);
}

function relatedWrite(w: RelatedWrite): Write {
  return {
    placeholder: w.fullUrl.toLowerCase(),
    resource: w.resource,
    related: w.op === 'upsert' ? w.identifier.value : undefined,
    send: (client, resource, options) => {
      if (w.op === 'create-once') return createOnce(client, resource, w.identifier, options);
      if (w.ifMatch) return client.update({ ...resource, id: w.ifMatch.id }, { ifMatch: w.ifMatch.versionId });
      return client.updateWhere(resource, identifierQuery(w.identifier));
    },
  };
}

/** The writes of a save, in the order a transaction would list them. */
export function writesOf(changes: readonly SaveChange[]): Write[] {
  const writes: Write[] = [];
  const shared = new Set<string>();
  for (const c of changes) {
    for (const w of c.related ?? []) {
      if (w.op !== 'create-once' || shared.has(w.fullUrl)) continue;
      shared.add(w.fullUrl);
      writes.push(relatedWrite(w));
    }
  }
  for (const change of changes) {
    writes.push({
      placeholder: placeholderOf(change),
      resource: change.resource,
      change,
      send: (client, resource, options) =>
        change.op === 'create' ? createOnce(client, resource, change.identifier, options) : client.update(resource, { ifMatch: change.versionId }),
    });
    for (const w of change.related ?? []) if (w.op === 'upsert') writes.push(relatedWrite(w));
  }
  return writes;
}

/** For each write, the indices of the writes it must wait for. */
export function dependencies(writes: readonly Write[]): number[][] {
  const byPlaceholder = new Map<string, number>();
  writes.forEach((w, i) => {
    if (w.placeholder) byPlaceholder.set(w.placeholder, i);
  });
  return writes.map((w, i) => {
    const deps: number[] = [];
    for (const ref of referencesIn(w.resource, new Set())) {
      const j = byPlaceholder.get(ref);
      if (j !== undefined && j !== i) deps.push(j);
    }
    return deps;
  });
}

export async function savePerResource(client: FhirClient, changes: readonly SaveChange[], options: PerResourceOptions): Promise<SavedChange[]> {
  const writes = writesOf(changes);
  const deps = dependencies(writes);
  const done: (WriteResult | undefined)[] = new Array(writes.length);
  const resolved = new Map<string, string>();
  const started = new Set<number>();
  const limit = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  let failure: unknown;
  let inFlight = 0;

  const run = async (i: number): Promise<void> => {
    const w = writes[i]!;
    const r = await w.send(client, substitute(w.resource, resolved), options);
    if (w.placeholder) resolved.set(w.placeholder, `${w.resource.resourceType}/${r.id}`);
    done[i] = r;
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure === undefined) {
        for (let i = 0; i < writes.length && inFlight < limit; i++) {
          if (started.has(i) || !(deps[i] ?? []).every((d) => done[d] !== undefined)) continue;
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
        if (failure === undefined && started.size < writes.length) failure = new TypeError('savePerResource: writes reference each other in a cycle');
        resolve();
      }
    };
    pump();
  });
  if (failure !== undefined) throw failure;
  const out: SavedChange[] = [];
  writes.forEach((w, i) => {
    const r = done[i]!;
    if (w.change) out.push({ change: w.change, resourceId: r.id, versionId: r.versionId, status: r.status, resource: r.resource });
    else if (w.related !== undefined && out.length) {
      const last = out[out.length - 1]!;
      out[out.length - 1] = { ...last, related: [...(last.related ?? []), { identifier: w.related, resourceId: r.id, versionId: r.versionId }] };
    }
  });
  return out;
}
