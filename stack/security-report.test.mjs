import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { END, readSuites, renderSecurityReport, replaceBetweenMarkers, START, writeSuiteRecords } from './security-report.mjs';

describe('security report', () => {
  it('renders every suite’s records, failures marked, and replaces only the marked section', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrep-'));
    writeSuiteRecords('a', [{ attack: 'Traversal | raw', target: 'GET /x', outcome: '400', upstream: 'nothing', passed: true }], dir);
    writeSuiteRecords('b', [{ attack: 'Flood', target: 'embed', outcome: 'x', upstream: '–', passed: false }], dir);
    const md = renderSecurityReport(readSuites(dir));
    expect(md).toContain('| Traversal \\| raw | GET /x | 400 | nothing | pass |');
    expect(md).toContain('| Flood | embed | x | – | **FAIL** |');
    expect(md).toContain('2 attacks tried, 1 held');
    const readme = `before\n${START}\nold\n${END}\nafter`;
    expect(replaceBetweenMarkers(readme, md)).toBe(`before\n${START}\n${md}\n${END}\nafter`);
    expect(() => replaceBetweenMarkers('no markers', md)).toThrow(/security:start/);
  });
});
