import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSelection, parseSelections } from './parseSelection';
import { SERIES_UID, SOP_UID, STUDY_UID, study } from './testing/fixtures';

/** Near-valid ImagingSelections: every field may be missing, of the wrong type, or hostile. */
const hostile = fc.oneof(fc.constant('../../system'), fc.constant('1.2.3?x=1'), fc.constant('<img src=x onerror=alert(1)>'), fc.constant('__proto__'), fc.constant(Number.NaN), fc.constant(1e308));
const anyValue = fc.oneof(fc.anything({ maxDepth: 2 }), hostile);
const region = fc.record(
  { regionType: fc.oneof(fc.constantFrom('point', 'polyline', 'interpolated', 'circle', 'ellipse', 'multipoint'), anyValue), coordinate: fc.oneof(fc.array(fc.double()), anyValue) },
  { requiredKeys: [] },
);
const selection = fc.record(
  {
    resourceType: fc.oneof(fc.constant('ImagingSelection'), anyValue),
    id: anyValue,
    status: fc.oneof(fc.constantFrom('available', 'unknown', 'inactive', 'entered-in-error'), anyValue),
    studyUid: fc.oneof(fc.constant(STUDY_UID), anyValue),
    seriesUid: fc.oneof(fc.constant(SERIES_UID), anyValue),
    subject: anyValue,
    category: anyValue,
    instance: fc.oneof(
      fc.array(fc.record({ uid: fc.oneof(fc.constant(SOP_UID), anyValue), subset: anyValue, imageRegion2D: fc.oneof(fc.array(region, { maxLength: 3 }), anyValue), frameNumber: anyValue }, { requiredKeys: [] }), { maxLength: 3 }),
      anyValue,
    ),
    imageRegion3D: anyValue,
    meta: anyValue,
  },
  { requiredKeys: [] },
);

describe('parseSelection fuzz (fast-check, 10,000 cases each)', () => {
  it('never throws, and whatever it cannot show comes back as issues', () => {
    fc.assert(
      fc.property(fc.oneof(selection, fc.anything({ maxDepth: 2 })), fc.boolean(), (resource, withStudy) => {
        const out = parseSelection(resource, withStudy ? study : undefined);
        expect(Array.isArray(out.rois)).toBe(true);
        expect(Array.isArray(out.issues)).toBe(true);
        const r = resource as { resourceType?: unknown; status?: unknown; instance?: unknown } | null;
        const isSelection = typeof r === 'object' && r !== null && !Array.isArray(r) && r.resourceType === 'ImagingSelection';
        if (!isSelection) expect(out.issues.length).toBeGreaterThan(0);
        // Regions it was given but shows none of: each reason is an issue (entered-in-error is deliberately hidden).
        const regions = Array.isArray(r?.instance) ? r.instance.flatMap((i: { imageRegion2D?: unknown }) => (Array.isArray(i?.imageRegion2D) ? i.imageRegion2D : [])) : [];
        if (isSelection && r.status !== 'entered-in-error' && regions.length > 0 && out.rois.length === 0) expect(out.issues.length).toBeGreaterThan(0);
        for (const i of out.issues) expect(typeof i.message).toBe('string');
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it('reads bundles and lists of anything without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ resourceType: fc.constant('Bundle'), entry: fc.array(fc.record({ resource: selection }, { requiredKeys: [] }), { maxLength: 4 }) }), fc.array(fc.oneof(selection, fc.anything({ maxDepth: 2 })), { maxLength: 4 }), fc.anything({ maxDepth: 2 })), (input) => {
        const out = parseSelections(input);
        expect(Array.isArray(out.rois) && Array.isArray(out.issues)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
