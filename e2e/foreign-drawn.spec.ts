import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { clearSelections, fhir } from './support/fhirServer';

// Selections written by other systems, on images without patient geometry
// (secondary capture, colour, multi-frame without per-frame geometry), are drawn too.
for (const key of ['no-geometry', 'rgb-jpeg', 'multiframe-24', 'us-palette-multiframe']) {
  test(`a foreign circle on ${key} is drawn at its TLHC position within 1 px`, async ({ viewer }) => {
    const s = sample(key);
    const series = s.series.find((x) => x.isImage)!;
    const inst = series.instances[0]!;
    await clearSelections(s.studyUid);
    const r = inst.columns / 8;
    const body = {
      resourceType: 'ImagingSelection',
      status: 'available',
      subject: { type: 'Patient', identifier: { system: 'https://fhirhospital.org', value: 'X' } },
      code: { text: 'Region selected from image' },
      studyUid: s.studyUid,
      seriesUid: series.seriesUid,
      instance: [
        {
          uid: inst.sopInstanceUid,
          sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${inst.sopClassUid}` },
          ...(inst.frames > 1 ? { subset: ['1'] } : {}),
          imageRegion2D: [{ regionType: 'circle', coordinate: [inst.columns / 2, inst.rows / 2, inst.columns / 2 + r, inst.rows / 2] }],
        },
      ],
    };
    expect((await fhir('ImagingSelection', { method: 'POST', body: JSON.stringify(body) })).status).toBe(201);
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    await expect(viewer.roiItems()).toHaveCount(1);
    // Fit to window: the image centre is the canvas centre, one image pixel is `scale` CSS px.
    const b = await viewer.box();
    const scale = Math.min(b.width / inst.columns, b.height / inst.rows);
    const c = await viewer.centre();
    await expect.poll(async () => (await viewer.drawnCircles()).length).toBe(1);
    const [drawn] = await viewer.drawnCircles();
    expect(Math.abs(drawn!.cx - c.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(drawn!.cy - c.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(drawn!.r - r * scale)).toBeLessThanOrEqual(1);
  });
}
