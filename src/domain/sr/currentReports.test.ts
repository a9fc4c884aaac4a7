import { describe, expect, it } from 'vitest';
import { currentReports } from './currentReports';
import type { ReportHeader } from './readMeasurementReport';

const h = (sop: string, series: string, n: number, predecessors: string[] = []): ReportHeader => ({
  sopInstanceUid: sop,
  sopClassUid: '1.2.840.10008.5.1.4.1.1.88.33',
  seriesUid: series,
  studyUid: '1.2',
  instanceNumber: n,
  predecessors,
});

describe('currentReports', () => {
  it('shows the instance nothing supersedes, one per series', () => {
    const r = currentReports([h('1.1', 'A', 1), h('1.2', 'A', 2, ['1.1']), h('2.1', 'B', 1)]);
    expect(r.map((x) => [x.current.sopInstanceUid, x.supersedes])).toEqual([['1.2', 1], ['2.1', 0]]);
  });
});
