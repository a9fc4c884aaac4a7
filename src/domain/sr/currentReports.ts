import type { ReportHeader } from './readMeasurementReport';

/**
 * The report to show per SR series: instances another instance names as its
 * predecessor are superseded; of the rest, the highest instance number (then
 * the latest content time) wins. Re-exporting writes a new instance into the
 * same series, so the series panel lists one current report per series.
 */
export function currentReports(headers: readonly ReportHeader[]): { current: ReportHeader; supersedes: number }[] {
  const superseded = new Set(headers.flatMap((h) => h.predecessors));
  const bySeries = new Map<string, ReportHeader[]>();
  for (const h of headers) bySeries.set(h.seriesUid, [...(bySeries.get(h.seriesUid) ?? []), h]);
  const out: { current: ReportHeader; supersedes: number }[] = [];
  for (const list of bySeries.values()) {
    const live = list.filter((h) => !superseded.has(h.sopInstanceUid));
    const pool = live.length ? live : list;
    const current = [...pool].sort((a, b) => (b.instanceNumber ?? 0) - (a.instanceNumber ?? 0) || (b.time ?? '').localeCompare(a.time ?? ''))[0]!;
    out.push({ current, supersedes: list.length - live.length });
  }
  return out;
}
