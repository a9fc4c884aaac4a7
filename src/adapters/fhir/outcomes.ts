import { isObject } from './fhirTypes';
import type { IssueSeverity, OperationOutcome, OperationOutcomeIssue } from './fhirTypes';

/**
 * Small pure helpers that reduce whatever a server (or a proxy in front of
 * it) answered to one OperationOutcome, so every error downstream has the
 * same shape.
 */

const SEVERITIES: readonly IssueSeverity[] = ['fatal', 'error', 'warning', 'information'];

/** Longest user message; a server may put a whole stack trace in diagnostics. */
export const MAX_USER_MESSAGE_LENGTH = 400;

export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return isObject(value) && value.resourceType === 'OperationOutcome' && Array.isArray(value.issue);
}

export function outcomeOf(severity: IssueSeverity, code: string, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

function normalizeIssue(raw: unknown): OperationOutcomeIssue | undefined {
  if (!isObject(raw)) return undefined;
  const severity = SEVERITIES.includes(raw.severity as IssueSeverity) ? (raw.severity as IssueSeverity) : 'error';
  const code = typeof raw.code === 'string' && raw.code !== '' ? raw.code : 'unknown';
  const issue: { -readonly [K in keyof OperationOutcomeIssue]: OperationOutcomeIssue[K] } = { severity, code };
  if (typeof raw.diagnostics === 'string') issue.diagnostics = raw.diagnostics;
  if (isObject(raw.details)) {
    const details: { text?: string; coding?: { system?: string; code?: string; display?: string }[] } = {};
    if (typeof raw.details.text === 'string') details.text = raw.details.text;
    if (Array.isArray(raw.details.coding)) {
      details.coding = raw.details.coding.filter(isObject).map((c) => ({
        ...(typeof c.system === 'string' ? { system: c.system } : {}),
        ...(typeof c.code === 'string' ? { code: c.code } : {}),
        ...(typeof c.display === 'string' ? { display: c.display } : {}),
      }));
    }
    issue.details = details;
  }
  if (Array.isArray(raw.expression)) {
    issue.expression = raw.expression.filter((e): e is string => typeof e === 'string');
  }
  return issue;
}

/**
 * Any thrown value or response body → an OperationOutcome with at least one
 * issue. Never throws. Only the structured fields are kept: the narrative
 * (`text.div`) is XHTML and must never reach the UI as markup.
 */
export function normalizeOperationOutcome(value: unknown): OperationOutcome {
  if (isOperationOutcome(value)) {
    const issue = value.issue.map(normalizeIssue).filter((i): i is OperationOutcomeIssue => i !== undefined);
    if (issue.length > 0) return { resourceType: 'OperationOutcome', issue };
    return outcomeOf('error', 'unknown', 'The server reported an error without details');
  }
  if (value instanceof Error) return outcomeOf('error', 'exception', value.message || value.name);
  if (typeof value === 'string' && value.trim() !== '') return outcomeOf('error', 'exception', value);
  return outcomeOf('error', 'unknown', 'Unknown error');
}

/** For a non-2xx answer whose body is not an OperationOutcome. */
export function outcomeFromStatus(status: number, statusText: string, bodyWasFhir: boolean): OperationOutcome {
  // The body of a non-FHIR answer (typically a proxy's HTML error page) is
  // not shown: it is markup, possibly huge, and says nothing about FHIR.
  const diagnostics = bodyWasFhir
    ? `The server answered ${status}${statusText ? ` ${statusText}` : ''}`
    : `The server answered ${status} with a non-FHIR page`;
  return outcomeOf('error', issueCodeForStatus(status), diagnostics);
}

function issueCodeForStatus(status: number): string {
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'transient';
  return 'processing';
}

function issueText(issue: OperationOutcomeIssue): string | undefined {
  const text = issue.details?.text ?? issue.diagnostics ?? issue.details?.coding?.find((c) => c.display)?.display;
  return text?.trim() || undefined;
}

/**
 * Plain text for a person: the issues' details/diagnostics, errors first,
 * whitespace collapsed, control characters dropped and length capped. The
 * result is text, to be rendered as text; nothing here produces markup.
 */
export function outcomeToText(outcome: OperationOutcome, maxLength = MAX_USER_MESSAGE_LENGTH): string {
  const serious = outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  const issues = serious.length > 0 ? serious : outcome.issue;
  const texts = [...new Set(issues.map(issueText).filter((t): t is string => t !== undefined))];
  const joined = (texts.length > 0 ? texts.join('; ') : issues.map((i) => i.code).join('; ') || 'Unknown error')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return joined.length > maxLength ? `${joined.slice(0, maxLength - 1)}…` : joined;
}
