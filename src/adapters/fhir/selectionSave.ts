import type { FhirClient } from './FhirClient';
import { FhirError } from './FhirError';
import type { Bundle, BundleEntry, FhirResource } from './fhirTypes';
import { isBundle } from './fhirTypes';
import { parseETag, parseLocation, weakETag } from './httpHeaders';
import { outcomeOf } from './outcomes';
import { savePerResource } from './perResourceSave';

export interface SelectionIdentifier {
  readonly system: string;
  /** `urn:uuid:<uuid>` (or a bare uuid): also becomes the entry's fullUrl. */
  readonly value: string;
}

/**
 * A resource written in the same transaction as a selection (its measurement
 * Observations, the viewer's Device). Other entries reference it by `fullUrl`.
 * - `create-once`: conditional create (If-None-Exist), shared by all changes
 *   of a transaction and sent once, first (the viewer's Device).
 * - `upsert`: when the server's id and version of the resource are known
 *   (`ifMatch`), an update of exactly that version (`PUT Type/id`, If-Match):
 *   a change made meanwhile by anyone else is refused, not overwritten.
 *   Otherwise a conditional update by identifier (`PUT Type?identifier=…`),
 *   which creates the resource on its first save.
 */
export type RelatedWrite =
  | { readonly op: 'create-once'; readonly resource: FhirResource; readonly fullUrl: string; readonly identifier: SelectionIdentifier }
  | {
      readonly op: 'upsert';
      readonly resource: FhirResource;
      readonly fullUrl: string;
      readonly identifier: SelectionIdentifier;
      readonly ifMatch?: { readonly id: string; readonly versionId: string };
    };

/** What the server answered for one of a change's `upsert` writes. */
export interface SavedRelated {
  /** The write's identifier value, e.g. `urn:oid:<Observation UID>`. */
  readonly identifier: string;
  readonly resourceId: string;
  readonly versionId: string | undefined;
}

export type SaveChange = (
  | { readonly op: 'create'; readonly resource: FhirResource; readonly identifier: SelectionIdentifier }
  | { readonly op: 'update'; readonly resource: FhirResource & { readonly id: string }; readonly versionId: string }
  /** A delete is an update to status entered-in-error, so the record stays auditable. */
  | { readonly op: 'delete'; readonly resource: FhirResource & { readonly id: string }; readonly versionId: string }
) & { readonly related?: readonly RelatedWrite[] };

export interface SavedChange {
  readonly change: SaveChange;
  readonly resourceId: string;
  readonly versionId: string | undefined;
  /** HTTP status of this entry, e.g. 201 for created, 200 for a matched conditional create. */
  readonly status: number;
  readonly resource: FhirResource | undefined;
  /** The change's `upsert` writes as stored, in order (absent when the answer does not say). */
  readonly related?: readonly SavedRelated[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOf(identifier: SelectionIdentifier): string {
  const uuid = identifier.value.replace(/^urn:uuid:/i, '');
  if (!UUID.test(uuid)) throw new TypeError(`identifier value is not a (urn:uuid:) UUID: ${identifier.value}`);
  return uuid.toLowerCase();
}

/**
 * The query for If-None-Exist / ifNoneExist. Only characters that would end
 * or corrupt a query parameter are escaped: HAPI matches the readable form
 * `identifier=urn:ietf:rfc:3986|urn:uuid:...`.
 */
export function identifierQuery(identifier: SelectionIdentifier): string {
  const escape = (s: string) => s.replace(/[%&#+\s]/g, (c) => encodeURIComponent(c));
  return `identifier=${escape(identifier.system)}|${escape(identifier.value)}`;
}

function entryFor(change: SaveChange, baseUrl: string | undefined): BundleEntry {
  const type = change.resource.resourceType;
  if (change.op === 'create') {
    return {
      fullUrl: `urn:uuid:${uuidOf(change.identifier)}`,
      resource: change.resource,
      request: { method: 'POST', url: type, ifNoneExist: identifierQuery(change.identifier) },
    };
  }
  if (change.op === 'delete' && change.resource.status !== 'entered-in-error') {
    throw new TypeError(`delete of ${type}/${change.resource.id} must carry status entered-in-error`);
  }
  // HAPI wants a fullUrl on every entry whose resource holds a relative
  // reference (e.g. subject Patient/1), and it must be absolute ("Type/id"
  // is refused with 422): so the server's own URL of the resource.
  return {
    ...(baseUrl ? { fullUrl: `${baseUrl.replace(/\/+$/, '')}/${type}/${change.resource.id}` } : {}),
    resource: change.resource,
    request: { method: 'PUT', url: `${type}/${change.resource.id}`, ifMatch: weakETag(change.versionId) },
  };
}

function relatedEntry(w: RelatedWrite): BundleEntry {
  const type = w.resource.resourceType;
  if (w.op === 'create-once') {
    return { fullUrl: w.fullUrl, resource: w.resource, request: { method: 'POST', url: type, ifNoneExist: identifierQuery(w.identifier) } };
  }
  if (w.ifMatch) {
    const { resourceType: _type, ...rest } = w.resource;
    const resource = { resourceType: type, id: w.ifMatch.id, ...rest } as FhirResource;
    return { fullUrl: w.fullUrl, resource, request: { method: 'PUT', url: `${type}/${w.ifMatch.id}`, ifMatch: weakETag(w.ifMatch.versionId) } };
  }
  return { fullUrl: w.fullUrl, resource: w.resource, request: { method: 'PUT', url: `${type}?${identifierQuery(w.identifier)}` } };
}

/**
 * Entry layout: the shared `create-once` entries first, then each change
 * followed by its own related writes. `positions[i]` is change i's entry.
 */
function layout(changes: readonly SaveChange[], baseUrl: string | undefined): { entries: BundleEntry[]; positions: number[] } {
  const entries: BundleEntry[] = [];
  const shared = new Set<string>();
  for (const c of changes) {
    for (const w of c.related ?? []) {
      if (w.op !== 'create-once' || shared.has(w.fullUrl)) continue;
      shared.add(w.fullUrl);
      entries.push(relatedEntry(w));
    }
  }
  const positions: number[] = [];
  for (const c of changes) {
    positions.push(entries.length);
    entries.push(entryFor(c, baseUrl));
    for (const w of c.related ?? []) if (w.op === 'upsert') entries.push(relatedEntry(w));
  }
  return { entries, positions };
}

/** All pending changes as ONE transaction: the server stores all of them or none. */
export function buildSaveTransaction(changes: readonly SaveChange[], baseUrl?: string): Bundle {
  return { resourceType: 'Bundle', type: 'transaction', entry: layout(changes, baseUrl).entries };
}

/**
 * Every entry is conditional (If-None-Exist create, If-Match update), so a
 * re-send after a lost answer cannot duplicate anything: at worst the
 * updates report a conflict against our own first write.
 */
export function isTransactionIdempotent(bundle: Bundle): boolean {
  return (bundle.entry ?? []).every((e) => {
    const r = e.request;
    if (!r) return false;
    if (r.method === 'GET' || r.method === 'HEAD') return true;
    if (r.method === 'POST') return Boolean(r.ifNoneExist);
    // A conditional update (`Type?identifier=…`) writes the same content whatever happened before.
    if (r.method === 'PUT') return Boolean(r.ifMatch) || /^[A-Za-z]+\?identifier=/.test(r.url ?? '');
    if (r.method === 'DELETE') return Boolean(r.ifMatch);
    return false;
  });
}

function invalidResponse(message: string): FhirError {
  return new FhirError({ kind: 'invalid-response', outcome: outcomeOf('error', 'invalid', message) });
}

/** Matches response entries to changes by position: FHIR keeps request order. */
export function parseTransactionResponse(bundle: Bundle, changes: readonly SaveChange[]): SavedChange[] {
  if (bundle.type !== 'transaction-response') throw invalidResponse(`Expected a transaction-response, got a ${bundle.type} Bundle`);
  const entries = bundle.entry ?? [];
  const { entries: sent, positions } = layout(changes, undefined);
  if (entries.length !== sent.length) {
    throw invalidResponse(`The transaction answered ${entries.length} entries for ${sent.length} requests`);
  }
  return changes.map((change, i) => {
    const entry = entries[positions[i]!] ?? {};
    const location = parseLocation(entry.response?.location);
    const resource = entry.resource;
    const resourceId = location?.id ?? resource?.id ?? (change.op === 'create' ? undefined : change.resource.id);
    if (!resourceId) throw invalidResponse(`Transaction entry ${i + 1} has no location or resource id`);
    const versionId = location?.versionId ?? parseETag(entry.response?.etag) ?? resource?.meta?.versionId;
    const status = Number.parseInt(entry.response?.status ?? '', 10);
    const upserts = (change.related ?? []).filter((w) => w.op === 'upsert');
    const related = upserts.flatMap((w, k): SavedRelated[] => {
      const e = entries[positions[i]! + 1 + k] ?? {};
      const loc = parseLocation(e.response?.location);
      const id = loc?.id ?? e.resource?.id;
      return id ? [{ identifier: w.identifier.value, resourceId: id, versionId: loc?.versionId ?? parseETag(e.response?.etag) ?? e.resource?.meta?.versionId }] : [];
    });
    return { change, resourceId, versionId, status: Number.isNaN(status) ? 200 : status, resource, ...(related.length ? { related } : {}) };
  });
}

/** How to send a save, from the server's CapabilityStatement (see capabilities.ts). */
export interface SaveStrategy {
  readonly transaction: boolean;
  readonly conditionalCreate: boolean;
  /** Called when a server that claimed `transaction` refused one; the caller remembers it. */
  readonly onTransactionRefused?: (error: FhirError) => void;
}

/** The server does not offer the interaction at all (as opposed to refusing this content). */
export function isInteractionRefused(error: unknown): error is FhirError {
  return error instanceof FhirError && (error.status === 405 || error.status === 501);
}

/**
 * Build, send and parse one save, in ONE attempt: the save queue is the only
 * place that retries it (src/store/saveQueue.ts, through retryPolicy). With a
 * transaction, a failure throws the FhirError and nothing was stored
 * (transactions are atomic), so the caller keeps every ROI unsaved. Without
 * one (per-resource), see perResourceSave.ts. A transaction the server refuses
 * as unsupported falls back to per-resource saving once; nothing was stored by
 * the refused transaction.
 */
export async function saveChanges(
  client: FhirClient,
  changes: readonly SaveChange[],
  strategy: SaveStrategy = { transaction: true, conditionalCreate: true },
): Promise<SavedChange[]> {
  if (changes.length === 0) return [];
  if (!strategy.transaction) return savePerResource(client, changes, { conditionalCreate: strategy.conditionalCreate });
  const bundle = buildSaveTransaction(changes, client.baseUrl);
  let response: unknown;
  try {
    response = await client.transaction(bundle);
  } catch (error) {
    if (!isInteractionRefused(error)) throw error;
    strategy.onTransactionRefused?.(error);
    return savePerResource(client, changes, { conditionalCreate: strategy.conditionalCreate });
  }
  if (!isBundle(response)) throw invalidResponse('The transaction answer is not a Bundle');
  return parseTransactionResponse(response, changes);
}

export interface Conflict {
  readonly id: string;
  readonly expectedVersionId: string;
  /** Undefined when the resource is gone on the server (404/410). */
  readonly serverVersionId: string | undefined;
  readonly serverResource: FhirResource | undefined;
}

/** For a "keep mine / take theirs" dialog after a conflict: which updates lost the race. */
export async function findConflicts(
  client: FhirClient,
  updates: ReadonlyArray<{ readonly resource: FhirResource & { readonly id: string }; readonly versionId: string }>,
): Promise<Conflict[]> {
  const checked = await Promise.all(
    updates.map(async ({ resource, versionId }): Promise<Conflict | undefined> => {
      try {
        const current = await client.read(resource.resourceType, resource.id);
        const serverVersionId = current.meta?.versionId;
        if (serverVersionId === versionId) return undefined;
        return { id: resource.id, expectedVersionId: versionId, serverVersionId, serverResource: current };
      } catch (error) {
        if (error instanceof FhirError && error.kind === 'not-found') {
          return { id: resource.id, expectedVersionId: versionId, serverVersionId: undefined, serverResource: undefined };
        }
        throw error;
      }
    }),
  );
  return checked.filter((c): c is Conflict => c !== undefined);
}
