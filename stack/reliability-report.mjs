#!/usr/bin/env node
// Reliability figures. A test run never touches tracked files: `node stack/cli.mjs e2e` leaves the
// records in test-results/reliability.json and the rendered table in test-results/reliability.md.
// Publishing them is an explicit step, `npm run report`, which rewrites the README's "Reliability"
// figures (between <!-- reliability:start --> and <!-- reliability:end -->) from the last run:
//   node stack/reliability-report.mjs [--results test-results/reliability.json] [--readme README.md]
// A partial run (only one of the suites) leaves the README alone, so the published figures
// always describe a whole run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = path.join(ROOT, 'test-results', 'reliability.json');
export const GENERATED = path.join(ROOT, 'test-results', 'reliability.md');
export const START = '<!-- reliability:start -->';
export const END = '<!-- reliability:end -->';
const KINDS = ['delay', 'drop', '500', '503', 'slow'];

export function readRecords(file = RESULTS) {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(data) ? data : [];
  } catch {
    return [];
  }
}

const sumFaults = (records) => {
  const out = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const r of records) for (const side of Object.values(r.faults ?? {})) for (const k of KINDS) out[k] += side?.[k] ?? 0;
  return out;
};
const faultText = (f) => KINDS.map((k) => `${k} ${f[k]}`).join(', ');
const ok = (r) => (r.passed ? 'pass' : 'FAIL');

/** The Markdown between the markers. */
export function renderReport(records, date = new Date()) {
  const chaos = records.filter((r) => r.kind === 'chaos');
  const outages = records.filter((r) => r.kind === 'outage');
  const bad = records.filter((r) => r.kind === 'bad-input');
  const everyday = records.filter((r) => r.kind === 'workflow');
  const lines = [];
  lines.push(`Figures from the last full e2e run (${date.toISOString().slice(0, 10)}), computed by the tests into \`test-results/reliability.json\` and put here by \`npm run report\` (\`stack/reliability-report.mjs\`).`);
  lines.push('');
  if (chaos.length + outages.length) {
    lines.push('**Saving under injected faults** (`e2e/reliability.spec.ts`; the fault proxy sits between `serve.mjs` and HAPI / Orthanc; every count is checked against HAPI directly, by identifier):');
    lines.push('');
    lines.push('| Scenario | ROIs drawn | Stored | Lost | Duplicated | Coordinates changed | Faults injected | Result | Time |');
    lines.push('|---|---:|---:|---:|---:|---:|---|---|---:|');
    for (const r of [...chaos, ...outages]) {
      const f = sumFaults([r]);
      lines.push(
        `| ${r.title} | ${r.drawn ?? '–'} | ${r.stored ?? '–'} | ${r.lost ?? '–'} | ${r.duplicated ?? '–'} | ${r.corrupted ?? '–'} | ${faultText(f)} | ${ok(r)} | ${((r.durationMs ?? 0) / 1000).toFixed(0)} s |`,
      );
    }
    const all = [...chaos, ...outages];
    const total = (k) => all.reduce((n, r) => n + (r[k] ?? 0), 0);
    lines.push(`| **Total** | ${total('drawn')} | ${total('stored')} | ${total('lost')} | ${total('duplicated')} | ${total('corrupted')} | ${faultText(sumFaults(all))} | ${all.filter((r) => r.passed).length}/${all.length} pass | ${(total('durationMs') / 1000).toFixed(0)} s |`);
    lines.push('');
  }
  if (everyday.length) {
    lines.push('**Everyday paths** (`e2e/keep-work.spec.ts`, `e2e/embed.spec.ts`; a user moves around with unsaved work; stored and duplicated are counted on HAPI by identifier, lost = drawn and kept but not on the server):');
    lines.push('');
    lines.push('| Scenario | ROIs drawn | Stored | Lost | Duplicated | Result |');
    lines.push('|---|---:|---:|---:|---:|---|');
    for (const r of everyday) lines.push(`| ${r.title} | ${r.drawn ?? '–'} | ${r.stored ?? '–'} | ${r.lost ?? '–'} | ${r.duplicated ?? '–'} | ${ok(r)} |`);
    const sum = (k) => everyday.reduce((n, r) => n + (r[k] ?? 0), 0);
    lines.push(`| **Total** | ${sum('drawn')} | ${sum('stored')} | ${sum('lost')} | ${sum('duplicated')} | ${everyday.filter((r) => r.passed).length}/${everyday.length} pass |`);
    lines.push('');
  }
  const passed = bad.filter((r) => r.passed);
  if (bad.length) lines.push(`**Bad input** (\`e2e/bad-input.spec.ts\`; each must give a clear message and no uncaught error): ${bad.length} tried, ${passed.length} passed.`);
  const failed = bad.filter((r) => !r.passed);
  if (failed.length) {
    lines.push('');
    lines.push('Not yet handled:');
    lines.push('');
    for (const r of failed) lines.push(`- ${r.title}`);
  }
  return lines.join('\n');
}

/** Replaces the text between the markers; returns the new README text (unchanged if markers are missing). */
export function replaceBetweenMarkers(readme, body) {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) return readme;
  return `${readme.slice(0, a + START.length)}\n${body}\n${readme.slice(b)}`;
}

/** The run's figures as a Markdown file beside the records (untracked); returns its path. */
export function writeGeneratedReport({ results = RESULTS, out = GENERATED, date = new Date(), log = console.log } = {}) {
  const records = readRecords(results);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${renderReport(records, date)}\n`);
  log(`[reliability] ${records.length} record(s) rendered to ${out}; \`npm run report\` puts them in the README`);
  return out;
}

/** Returns true if the README was rewritten. */
export function writeReliabilityReport({ results = RESULTS, readme = path.join(ROOT, 'README.md'), date = new Date(), log = console.log } = {}) {
  const records = readRecords(results);
  const hasChaos = records.some((r) => r.kind === 'chaos');
  const hasBad = records.some((r) => r.kind === 'bad-input');
  const hasEveryday = records.some((r) => r.kind === 'workflow');
  if (!hasChaos || !hasBad || !hasEveryday) {
    log(`[reliability] ${records.length ? 'partial run' : 'no figures'} (${results}): README left as it is`);
    return false;
  }
  const before = fs.readFileSync(readme, 'utf8');
  if (!before.includes(START) || !before.includes(END)) {
    log(`[reliability] no ${START} … ${END} markers in ${readme}: nothing written`);
    return false;
  }
  const after = replaceBetweenMarkers(before, renderReport(records, date));
  fs.writeFileSync(readme, after);
  log(`[reliability] README "Reliability" figures rewritten from ${records.length} record(s)`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? path.resolve(args[i + 1]) : undefined;
  };
  writeReliabilityReport({ results: opt('--results') ?? RESULTS, readme: opt('--readme') ?? path.join(ROOT, 'README.md') });
}
