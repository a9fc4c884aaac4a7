import type { z } from 'zod';
import {
  authSchema,
  codingSchema,
  configSchema,
  dicomwebSchema,
  embedSchema,
  fhirSchema,
  imagingSelectionSchema,
  viewerSchema,
} from './configSchema';
import type { AppConfig } from './configSchema';

export interface ConfigProblem {
  /** Where, e.g. "dicomweb.qidoRoot" or "embed.allowedOrigins[1]"; "(file)" / "(root)" for the whole file. */
  readonly path: string;
  /** What was expected, for a person editing config.json. */
  readonly message: string;
}

export type ConfigResult = { readonly ok: true; readonly config: AppConfig } | { readonly ok: false; readonly problems: ConfigProblem[] };

/** Keys each object may have, to suggest the intended key for a typo. Array indexes are written []. */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(configSchema.shape),
  dicomweb: Object.keys(dicomwebSchema.shape),
  fhir: Object.keys(fhirSchema.shape),
  auth: [...new Set(authSchema.options.flatMap((o) => Object.keys(o.shape)))],
  embed: Object.keys(embedSchema.shape),
  imagingSelection: Object.keys(imagingSelectionSchema.shape),
  'imagingSelection.code': Object.keys(codingSchema.shape),
  'imagingSelection.findings[]': Object.keys(codingSchema.shape),
  viewer: Object.keys(viewerSchema.shape),
};

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function suggest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => editDistance(k.toLowerCase(), lower) <= 2);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 59)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function problemsOf(issue: z.core.$ZodIssue): ConfigProblem[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[path.replace(/\[\d+\]/g, '[]')] ?? [];
    return issue.keys.map((key) => {
      const hint = suggest(key, known);
      return {
        path: path ? `${path}.${key}` : key,
        message: `unknown key${hint ? `; did you mean "${hint}"?` : known.length > 0 ? `; expected one of ${known.join(', ')}` : ''}`,
      };
    });
  }
  let input = 'input' in issue ? issue.input : undefined;
  // A failed discriminated union reports the whole object; the mode is what was wrong.
  if (issue.code === 'invalid_union' && issue.discriminator && typeof input === 'object' && input !== null) {
    input = (input as Record<string, unknown>)[issue.discriminator];
  }
  // zod's built-in wording ("Invalid input: expected string, received undefined")
  // is replaced; our own schema messages already say what is expected.
  const generic = issue.message.startsWith('Invalid input');
  let message = generic && issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  if (input === undefined) message = `missing: ${message}`;
  else if (['invalid_type', 'invalid_union', 'custom', 'too_small', 'too_big'].includes(issue.code)) {
    message = `${message}, got ${describe(input)}`;
  }
  return [{ path: path || '(root)', message }];
}

/** Validates parsed JSON and fills defaults. Never throws. */
export function parseConfig(json: unknown): ConfigResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [{ path: '(root)', message: `expected a JSON object, got ${describe(json)}` }] };
  }
  try {
    const result = configSchema.safeParse(json, { reportInput: true });
    if (result.success) return { ok: true, config: result.data };
    return { ok: false, problems: result.error.issues.flatMap(problemsOf) };
  } catch (error) {
    // safeParse does not throw on bad input; this guards the "never throws" promise against a schema bug.
    return { ok: false, problems: [{ path: '(root)', message: `could not check the configuration: ${String(error)}` }] };
  }
}
