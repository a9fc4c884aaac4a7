/**
 * What a FHIR server says it can do (its CapabilityStatement), reduced to the
 * decisions the viewer makes: how to save (one transaction, or one request per
 * resource), how to make creates idempotent, and which searches to use.
 *
 * When the statement is missing or unreadable we assume the least that still
 * works everywhere and say so in `issues`: try a transaction (falling back once
 * when it is refused), search by identifier before a plain create, and send
 * If-Match on every update (servers without versioned updates ignore it).
 */

export interface ServerCapabilities {
  readonly fhirVersion: string | undefined;
  readonly software: string | undefined;
  /** The system-level `transaction` interaction. */
  readonly transaction: boolean;
  /** `conditionalCreate` on every resource type we create. */
  readonly conditionalCreate: boolean;
  /** `versioning` = versioned-update on every resource type we update, so If-Match is honoured. */
  readonly versionedUpdate: boolean;
  readonly searchParams: {
    readonly studyUid: boolean;
    readonly patient: boolean;
    readonly derivedFrom: boolean;
    readonly identifier: boolean;
  };
  /** Where the figures came from: the statement, or assumptions after a problem with it. */
  readonly source: 'statement' | 'assumed';
}

export interface CapabilitiesResult {
  readonly capabilities: ServerCapabilities;
  /** Human-readable problems with the statement; empty when it was complete and consistent. */
  readonly issues: readonly string[];
}

/** The resource types the viewer writes; their capabilities must all allow a decision. */
export const WRITTEN_TYPES = ['ImagingSelection', 'Observation', 'Device'] as const;

export const ASSUMED_CAPABILITIES: ServerCapabilities = {
  fhirVersion: undefined,
  software: undefined,
  transaction: true,
  conditionalCreate: false,
  versionedUpdate: true,
  searchParams: { studyUid: true, patient: true, derivedFrom: true, identifier: true },
  source: 'assumed',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function codes(interactions: unknown): Set<string> {
  return new Set(list(interactions).flatMap((i) => (isObject(i) && typeof i.code === 'string' ? [i.code] : [])));
}

/** Parses any value; never throws. */
export function parseCapabilities(input: unknown): CapabilitiesResult {
  const issues: string[] = [];
  if (!isObject(input) || input.resourceType !== 'CapabilityStatement') {
    issues.push('The server did not return a CapabilityStatement from /metadata; saving uses safe assumptions.');
    return { capabilities: ASSUMED_CAPABILITIES, issues };
  }
  const fhirVersion = str(input.fhirVersion);
  if (fhirVersion && !fhirVersion.startsWith('5.')) issues.push(`The server reports FHIR ${fhirVersion}; this viewer writes R5 (5.0.x).`);
  const software = isObject(input.software) ? [str(input.software.name), str(input.software.version)].filter(Boolean).join(' ') || undefined : undefined;

  const rest = list(input.rest).filter(isObject);
  const server = rest.find((r) => r.mode === 'server');
  if (!server) {
    issues.push('The CapabilityStatement has no rest entry in server mode; saving uses safe assumptions.');
    return { capabilities: { ...ASSUMED_CAPABILITIES, fhirVersion, software }, issues };
  }
  if (rest.filter((r) => r.mode === 'server').length > 1) issues.push('The CapabilityStatement has more than one server rest entry; the first is used.');

  const system = codes(server.interaction);
  const resources = new Map<string, Json>();
  for (const r of list(server.resource).filter(isObject)) {
    const type = str(r.type);
    if (type && !resources.has(type)) resources.set(type, r);
  }

  const missing = WRITTEN_TYPES.filter((t) => !resources.has(t));
  if (missing.length) issues.push(`The server does not list ${missing.join(', ')}; saving ${missing.includes('ImagingSelection') ? 'ROIs' : 'measurements'} may be refused.`);

  const written = WRITTEN_TYPES.flatMap((t) => (resources.has(t) ? [resources.get(t) as Json] : []));
  for (const r of written) {
    const has = codes(r.interaction);
    if (r.conditionalCreate === true && !has.has('create')) {
      issues.push(`${String(r.type)} claims conditional create but not create; conditional create is not used.`);
    }
    if (!has.has('create') || !has.has('update')) issues.push(`${String(r.type)} does not list both create and update.`);
  }
  const conditionalCreate =
    written.length > 0 && written.every((r) => r.conditionalCreate === true && codes(r.interaction).has('create'));
  const versionedUpdate = written.length > 0 && written.every((r) => r.versioning === 'versioned-update');

  const selection = resources.get('ImagingSelection');
  const params = new Set(list(selection?.searchParam).flatMap((p) => (isObject(p) && typeof p.name === 'string' ? [p.name] : [])));
  const searchParams = {
    studyUid: params.has('study-uid'),
    patient: params.has('patient') || params.has('subject'),
    derivedFrom: params.has('derived-from'),
    identifier: params.has('identifier'),
  };
  if (selection && !searchParams.studyUid && !searchParams.patient) {
    issues.push('ImagingSelection can be searched neither by study-uid nor by patient; saved ROIs cannot be loaded.');
  }

  return {
    capabilities: {
      fhirVersion,
      software,
      transaction: system.has('transaction'),
      conditionalCreate,
      versionedUpdate,
      searchParams,
      source: 'statement',
    },
    issues,
  };
}

/** One line per decision, for the log and the diagnostics panel. */
export function describeCapabilities(c: ServerCapabilities): string[] {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  return [
    `FHIR version: ${c.fhirVersion ?? 'unknown'}${c.software ? ` (${c.software})` : ''}`,
    `Transactions: ${yes(c.transaction)} → saving ${c.transaction ? 'in one transaction' : 'one resource at a time'}`,
    `Conditional create: ${yes(c.conditionalCreate)}${c.conditionalCreate ? '' : ' → search by identifier before creating'}`,
    `Versioned updates (If-Match): ${yes(c.versionedUpdate)}`,
    `Search ImagingSelection by study-uid: ${yes(c.searchParams.studyUid)}, patient: ${yes(c.searchParams.patient)}, derived-from: ${yes(c.searchParams.derivedFrom)}`,
    ...(c.source === 'assumed' ? ['These are assumptions: the server did not describe itself.'] : []),
  ];
}
