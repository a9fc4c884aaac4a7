#!/usr/bin/env node
// The README's "attack → what happens" table. The attack suites (stack/serve.attacks.test.mjs
// in vitest, e2e/attacks.spec.ts in Playwright) each write their records to
// .stack-data/security/<suite>.json at the end of a run; this script renders them:
//   node stack/security-report.mjs            → .stack-data/security/report.md (the table)
//   node stack/security-report.mjs --readme   → also replaces the README between the markers
// (`npm run security:report`). A test run never edits the tracked README itself.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SECURITY_DIR = path.join(ROOT, '.stack-data', 'security');
export const START = '<!-- security:start -->';
export const END = '<!-- security:end -->';

/** Writes one suite's records (replacing its previous run). */
export function writeSuiteRecords(suite, records, dir = SECURITY_DIR) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${suite}.json`), JSON.stringify({ suite, date: new Date().toISOString(), records }, null, 2));
}

export function readSuites(dir = SECURITY_DIR) {
  let names;
  try {
    names = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const out = [];
  for (const f of names.sort()) {
    try {
      const s = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (s && Array.isArray(s.records)) out.push(s);
    } catch {
      /* a half-written file from an aborted run */
    }
  }
  return out;
}

const cell = (v) => String(v ?? '–').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The Markdown between the markers. */
export function renderSecurityReport(suites) {
  const lines = [];
  const records = suites.flatMap((s) => s.records.map((r) => ({ ...r, suite: s.suite })));
  const dates = suites.map((s) => `${s.suite} ${s.date.slice(0, 10)}`).join(', ');
  lines.push(`Written by \`npm run security:report\` from the records of the last attack-suite runs (${dates || 'none'}).`);
  lines.push('');
  lines.push('| Attack | Target | What happens | Checked at the upstream | Result |');
  lines.push('|---|---|---|---|---|');
  for (const r of records) lines.push(`| ${cell(r.attack)} | ${cell(r.target)} | ${cell(r.outcome)} | ${cell(r.upstream)} | ${r.passed ? 'pass' : '**FAIL**'} |`);
  const failed = records.filter((r) => !r.passed).length;
  lines.push('');
  lines.push(`${records.length} attacks tried, ${records.length - failed} held (the test passed), ${failed} did not.`);
  return lines.join('\n');
}

export function replaceBetweenMarkers(text, body) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README has no ${START} … ${END} section`);
  return `${text.slice(0, a + START.length)}\n${body}\n${text.slice(b)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const suites = readSuites();
  if (!suites.length) {
    console.error(`[security-report] no records in ${SECURITY_DIR}: run the attack suites first (npm test)`);
    process.exit(1);
  }
  const md = renderSecurityReport(suites);
  fs.writeFileSync(path.join(SECURITY_DIR, 'report.md'), `${md}\n`);
  console.log(`[security-report] ${path.relative(ROOT, path.join(SECURITY_DIR, 'report.md'))}`);
  if (process.argv.includes('--readme')) {
    const readme = path.join(ROOT, 'README.md');
    fs.writeFileSync(readme, replaceBetweenMarkers(fs.readFileSync(readme, 'utf8'), md));
    console.log('[security-report] README.md updated');
  }
}
