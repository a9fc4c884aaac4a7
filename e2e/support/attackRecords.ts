/**
 * Records of e2e/attacks.spec.ts for the README's "attack → what happens" table: written at the
 * end of the run to .stack-data/security/<suite>.json by stack/security-report.mjs (loaded with a
 * computed specifier: it is plain JS), which also renders them (`npm run security:report`).
 */
export interface AttackRecord {
  /** The describe block: each block's records replace only that block's file, so partial runs keep the rest. */
  group?: string;
  attack: string;
  target: string;
  outcome: string;
  upstream: string;
  passed: boolean;
}

interface SecurityReport {
  writeSuiteRecords(suite: string, records: readonly AttackRecord[]): void;
}

export function recordAttack(records: AttackRecord[], record: AttackRecord, group: string): AttackRecord {
  const r = { ...record, group };
  records.push(r);
  return r;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function writeAttackRecords(suite: string, records: readonly AttackRecord[]): Promise<void> {
  const mod = (await import(new URL('../../stack/security-report.mjs', import.meta.url).href)) as SecurityReport;
  const groups = new Map<string, AttackRecord[]>();
  for (const { group = '', ...r } of records) groups.set(group, [...(groups.get(group) ?? []), r]);
  for (const [group, list] of groups) mod.writeSuiteRecords(`${suite}-${slug(group)}`, list);
}
