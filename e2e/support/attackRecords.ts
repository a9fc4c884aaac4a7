/**
 * Records of e2e/attacks.spec.ts for the README's "attack → what happens" table: written at the
 * end of the run to .stack-data/security/<suite>.json by stack/security-report.mjs (loaded with a
 * computed specifier: it is plain JS), which also renders them (`npm run security:report`).
 */
export interface AttackRecord {
  attack: string;
  target: string;
  outcome: string;
  upstream: string;
  passed: boolean;
}

interface SecurityReport {
  writeSuiteRecords(suite: string, records: readonly AttackRecord[]): void;
}

export function recordAttack(records: AttackRecord[], record: AttackRecord): AttackRecord {
  records.push(record);
  return record;
}

export async function writeAttackRecords(suite: string, records: readonly AttackRecord[]): Promise<void> {
  const mod = (await import(new URL('../../stack/security-report.mjs', import.meta.url).href)) as SecurityReport;
  mod.writeSuiteRecords(suite, records);
}
