import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { END, renderReport, replaceBetweenMarkers, START, writeGeneratedReport, writeReliabilityReport } from './reliability-report.mjs';

const chaos = { kind: 'chaos', title: 'chaos seed 1', drawn: 30, stored: 30, lost: 0, duplicated: 0, corrupted: 0, passed: true, durationMs: 90_000, faults: { fhir: { drop: 2, 503: 1 }, orthanc: { delay: 4 } } };
const bad = [
  { kind: 'bad-input', title: 'malformed config', passed: true },
  { kind: 'bad-input', title: 'html in diagnostics', passed: false },
];

describe('reliability report', () => {
  it('renders the chaos table, totals and the bad-input tally', () => {
    const md = renderReport([chaos, ...bad], new Date('2026-01-02T03:04:05Z'));
    expect(md).toContain('(2026-01-02)');
    expect(md).toContain('| chaos seed 1 | 30 | 30 | 0 | 0 | 0 | delay 4, drop 2, 500 0, 503 1, slow 0 | pass | 90 s |');
    expect(md).toContain('2 tried, 1 passed');
    expect(md).toContain('- html in diagnostics');
  });

  it('renders the everyday-path scenarios with their totals', () => {
    const rows = [
      { kind: 'workflow', title: 'Back to studies, Keep as draft, reopen', drawn: 2, stored: 2, lost: 0, duplicated: 0, passed: true },
      { kind: 'workflow', title: 'Delete while the create is held', drawn: 1, stored: 0, lost: 0, duplicated: 0, passed: false },
    ];
    const md = renderReport([chaos, ...rows, ...bad]);
    expect(md).toContain('| Back to studies, Keep as draft, reopen | 2 | 2 | 0 | 0 | pass |');
    expect(md).toContain('| Delete while the create is held | 1 | 0 | 0 | 0 | FAIL |');
    expect(md).toContain('| **Total** | 3 | 2 | 0 | 0 | 1/2 pass |');
  });

  it('a test run writes its report beside the records, never the README', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rel-'));
    const results = path.join(dir, 'r.json');
    fs.writeFileSync(results, JSON.stringify([chaos, ...bad]));
    const out = writeGeneratedReport({ results, out: path.join(dir, 'reliability.md'), log: () => {} });
    expect(fs.readFileSync(out, 'utf8')).toContain('| chaos seed 1 | 30 | 30 | 0 | 0 | 0 |');
    expect(fs.readdirSync(dir).sort()).toEqual(['r.json', 'reliability.md']);
  });

  it('replaces only the text between the markers', () => {
    const readme = `# A\n${START}\nold\n${END}\ntail\n`;
    expect(replaceBetweenMarkers(readme, 'new')).toBe(`# A\n${START}\nnew\n${END}\ntail\n`);
    expect(replaceBetweenMarkers('no markers', 'new')).toBe('no markers');
  });

  it('leaves the README alone after a partial run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rel-'));
    const results = path.join(dir, 'r.json');
    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(readme, `x\n${START}\nold\n${END}\n`);
    fs.writeFileSync(results, JSON.stringify(bad));
    expect(writeReliabilityReport({ results, readme, log: () => {} })).toBe(false);
    fs.writeFileSync(results, JSON.stringify([chaos, ...bad]));
    expect(writeReliabilityReport({ results, readme, log: () => {} })).toBe(false);
    fs.writeFileSync(results, JSON.stringify([chaos, { kind: 'workflow', title: 'w', drawn: 1, stored: 1, lost: 0, duplicated: 0, passed: true }, ...bad]));
    expect(writeReliabilityReport({ results, readme, log: () => {} })).toBe(true);
    expect(fs.readFileSync(readme, 'utf8')).toContain('chaos seed 1');
  });
});
