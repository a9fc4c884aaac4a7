import { describe, expect, it } from 'vitest';
import { buildNarrative, describeRoi, escapeXml } from './buildNarrative';
import { ctx, mfCtx, rois } from './testing/fixtures';

describe('buildNarrative', () => {
  it('describes shape, label, image, frame and series', () => {
    expect(describeRoi(rois.ellipse, mfCtx)).toBe('Ellipse “lesion 1” on image 1, frame 5 of series 3');
    expect(describeRoi(rois.circle, ctx)).toBe('Circle on image 12 of series 3');
    expect(describeRoi(rois.polygon, { instance: { ...ctx.instance, instanceNumber: undefined } })).toBe(
      `Polygon “outline” on instance ${rois.polygon.image.sopInstanceUid}`,
    );
  });

  it('is an XHTML div with the label escaped', () => {
    const div = buildNarrative({ ...rois.point, label: '<img src=x onerror=alert(1)>' }, ctx);
    expect(div).toBe('<div xmlns="http://www.w3.org/1999/xhtml">Point “&lt;img src=x onerror=alert(1)&gt;” on image 12 of series 3</div>');
  });

  it('marks deletions', () => {
    expect(buildNarrative(rois.point, ctx, 'entered-in-error')).toContain('(entered in error)');
  });

  it('escapes all XML specials', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });
});
