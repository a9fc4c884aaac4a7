import type { StudyQuery } from './StudyQuery';

/**
 * A patient name as people type it, as a QIDO PatientName match: "Sample, Ct200"
 * (as the list shows it), "Sample^Ct200" (DICOM form) and "Samp" (its start)
 * all find Sample^Ct200. Name parts become wildcards between them; a value
 * that already has a wildcard is sent as typed.
 */
export function qidoPatientName(typed: string): string | undefined {
  const t = typed.trim();
  if (!t) return undefined;
  if (t.includes('*') || t.includes('?')) return t;
  const parts = t.split(/[\s,^]+/).filter(Boolean);
  return parts.length ? `*${parts.join('*')}*` : undefined;
}

/** A patient ID matches by its start. */
export function qidoPatientId(typed: string): string | undefined {
  const t = typed.trim();
  if (!t) return undefined;
  return t.includes('*') || t.includes('?') ? t : `${t}*`;
}

/** Why a query cannot be answered as asked (said instead of "No studies match"), or undefined. */
export function queryProblem(q: StudyQuery): string | undefined {
  if (q.dateFrom && q.dateTo && q.dateFrom > q.dateTo) return `The date range is reversed: "From" (${q.dateFrom}) is after "To" (${q.dateTo}). Swap them or clear one.`;
  return undefined;
}

/** Newest study first; studies without a date last, in the order the server gave them. */
export function newestFirst<T extends { readonly studyDate?: string }>(studies: readonly T[]): T[] {
  return studies
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (b.s.studyDate ?? '').localeCompare(a.s.studyDate ?? '') || a.i - b.i)
    .map((x) => x.s);
}
