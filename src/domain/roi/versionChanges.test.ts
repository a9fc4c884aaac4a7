import { describe, expect, it } from 'vitest';
import type { Roi } from './Roi';
import { versionChanges } from './versionChanges';

const image = { studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
const circle: Roi = { id: 'a', kind: 'circle', image, label: 'Lesion', points: [[10, 10], [15, 10]] };

describe('versionChanges', () => {
  it('calls the first version "created"', () => {
    expect(versionChanges(undefined, { roi: circle, status: 'available' })).toEqual(['created']);
  });

  it('names each kind of change', () => {
    const moved: Roi = { ...circle, points: [[11, 10], [16, 10]] };
    expect(versionChanges({ roi: circle, status: 'available' }, { roi: moved, status: 'available' })).toEqual(['geometry']);
    expect(versionChanges({ roi: circle, status: 'available' }, { roi: { ...circle, label: 'Cyst' }, status: 'available' })).toEqual(['label']);
    expect(versionChanges({ roi: circle, status: 'available' }, { roi: { ...circle, finding: { system: 's', code: 'c' } }, status: 'available' })).toEqual(['finding']);
    expect(versionChanges({ roi: circle, status: 'available' }, { status: 'entered-in-error' })).toEqual(['status']);
    expect(versionChanges({ roi: circle, status: 'available' }, { roi: { ...circle, image: { ...image, sopInstanceUid: '9' } }, status: 'available' })).toEqual(['image']);
  });

  it('sees no geometry change below the stored precision', () => {
    const same: Roi = { ...circle, points: [[10.000001, 10], [15, 9.9999999]] };
    expect(versionChanges({ roi: circle, status: 'available' }, { roi: same, status: 'available' })).toEqual([]);
  });

  it('marks a version it cannot read', () => {
    expect(versionChanges({ roi: circle, status: 'available' }, { status: 'available' })).toEqual(['unreadable']);
  });
});
