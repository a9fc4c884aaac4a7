import { test, expect } from './fixtures';
import { sample, sampleFile } from './support/samples';
import { SegmentationPanelPage } from './pages/SegmentationPanel';
import { segRowTruth, segStatsTruth } from './support/segTruth';
import { clearSelections, fhir, selectionsOf } from './support/fhirServer';
import { badSegs } from './support/segTruth';
import { deleteSeriesFromOrthanc, uploadToOrthanc } from './support/orthancUpload';

const ct = () => sample('ct-200');
const segSeries = () => ct().series.find((s) => s.description === 'Phantom segmentation (SEG)')!;
const sopOfImage = (n: number) => ct().series[0]!.instances.find((i) => i.instanceNumber === n)!.sopInstanceUid;
const SEGMENTS = ['Body', 'Left lung', 'Right lung'] as const;

test('a SEG opens over its CT: segments with their colours, and each one on exactly its pixels on two slices', async ({ page, viewer, consoleErrors }) => {
  test.setTimeout(180_000);
  await viewer.openFresh(ct().studyUid);
  const seg = new SegmentationPanelPage(page, viewer);
  await seg.openSeries('Phantom segmentation');
  await expect(seg.segments).toHaveCount(3, { timeout: 60_000 });
  // Shown over the source series, listed with the label and colour the SEG gives (CIELab → sRGB).
  await expect(page.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: /CT axial/ })).toHaveAttribute('aria-pressed', 'true');
  const rgb = await seg.segments.locator('.swatch').evaluateAll((els) => els.map((e) => e.getAttribute('data-rgb')!.split(',').map(Number)));
  const written = [[230, 180, 140], [60, 140, 255], [40, 200, 90]]; // the RGB seg_highdicom.py gave highdicom
  rgb.forEach((c, i) => c.forEach((v, k) => expect(Math.abs(v - written[i]![k]!)).toBeLessThanOrEqual(1)));
  for (const [i, label] of SEGMENTS.entries()) await expect(seg.segments.nth(i).getByRole('button')).toHaveText(`${i + 1}. ${label}`);
  await seg.root.getByRole('slider', { name: 'Segmentation opacity' }).fill('60');

  const segFile = sampleFile(segSeries().instances[0]!.sopInstanceUid);
  const ROW = 256; // through both lungs of the phantom
  for (const image of [2, 68]) {
    await viewer.goToImage(image);
    await viewer.waitForImage();
    const truth = segRowTruth(segFile, sopOfImage(image), ROW);
    const toPage = await seg.imageToPage();
    // The phantom's slice-index bar (rows 10–14) is 2n pixels long on instance n: the CT shown is instance `image`.
    for (const [col, hu] of [[10 + 2 * image - 1, 1000], [10 + 2 * image + 1, -1000]] as const) {
      const p = toPage(col + 0.5, 12.5);
      await page.mouse.move(p.x, p.y);
      await expect(page.getByTestId('overlay-value')).toHaveText(/^-?\d+(\.\d+)? HU$/);
      const v = Number(/-?\d+(\.\d+)?/.exec((await page.getByTestId('overlay-value').textContent())!)![0]);
      expect(Math.abs(v - hu), `HU at column ${col} of image ${image}`).toBeLessThan(60);
    }
    await page.mouse.move(0, 0);
    const columns = Array.from({ length: 440 }, (_, k) => 36 + k);
    const points = columns.map((c) => toPage(c + 0.5, ROW + 0.5)); // pixel centres
    for (const [i, label] of SEGMENTS.entries()) {
      const n = i + 1;
      expect(truth.filter((v) => v === n).length, `${label} crosses row ${ROW} of image ${image}`).toBeGreaterThan(20);
      await seg.showOnly([label]);
      // Drawn, in the segment's colour, exactly where highdicom reads the segment in the SEG, and nowhere else.
      await expect
        .poll(async () => {
          const shown = await seg.overlayColours(points);
          return columns
            .map((c, k) => ({ c, k }))
            .filter(({ c, k }) => (shown[k]![3]! > 0) !== (truth[c] === n) || (shown[k]![3]! > 0 && shown[k]!.slice(0, 3).some((v, ch) => Math.abs(v - rgb[i]![ch]!) > 1)))
            .map(({ c, k }) => `column ${c}: SEG ${truth[c]}, overlay ${shown[k]!.join('/')}`);
        }, { message: `${label} on image ${image}: columns where the overlay and the SEG disagree`, timeout: 20_000 })
        .toEqual([]);
    }
    await seg.showOnly([...SEGMENTS]);
  }
  expect(consoleErrors).toEqual([]);
});

const REFERENCED_SEGMENT = 'http://hl7.org/fhir/uv/dicom-sr/StructureDefinition/referenced-segment';
const PART04 = 'https://dicom.nema.org/medical/dicom/current/output/chtml/part04/sect_B.5';

/** A referenced-segment selection written the way the IG's example is (Example-ImagingSelection-ReferencedSegment), for this study. */
function foreignSelection(segUid: string, segment: number, label: string) {
  return {
    resourceType: 'ImagingSelection',
    status: 'available',
    subject: { identifier: { system: 'urn:oid:1.2.826.0.1.3680043.10.1338.1', value: ct().patientId } },
    category: [{ text: label }],
    code: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121191', display: 'Referenced Segment' }] },
    studyUid: ct().studyUid,
    derivedFrom: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${ct().studyUid}` } }],
    seriesUid: ct().series[0]!.seriesUid,
    instance: [{ uid: segUid, sopClass: { system: PART04, code: '1.2.840.10008.5.1.4.1.1.66.4', display: 'Segmentation Storage' }, subset: [String(segment)] }],
  };
}

test('a segment is saved as an IG referenced-segment with its volume and mean; a reviewer sees it, and foreign ones, highlighted', async ({ page, viewer, consoleErrors }) => {
  test.setTimeout(300_000);
  const segUid = segSeries().instances[0]!.sopInstanceUid;
  await viewer.openFresh(ct().studyUid);
  const seg = new SegmentationPanelPage(page, viewer);
  await seg.openSeries('Phantom segmentation');
  await expect(seg.segments).toHaveCount(3, { timeout: 60_000 });
  await seg.segment('Left lung').getByRole('button').click();
  await expect(seg.segment('Left lung')).toHaveAttribute('aria-current', 'true');
  const save = seg.root.getByRole('button', { name: 'Save segment selection' });
  await expect(save).toBeEnabled({ timeout: 120_000 }); // the statistics need every slice of the lung decoded
  await save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved segment selection "Left lung"' })).toBeVisible({ timeout: 30_000 });

  // What HAPI stored (it validated it against the IG profiles on the way in).
  const stored = (await selectionsOf(ct().studyUid)).filter((x) => (x.code as { coding: Array<{ code: string }> }).coding[0]!.code === '121191');
  expect(stored).toHaveLength(1);
  const sel = stored[0]!;
  expect((sel.meta as { profile?: string[] }).profile).toEqual([REFERENCED_SEGMENT]);
  expect(sel.seriesUid).toBe(ct().series[0]!.seriesUid);
  expect(sel.instance).toEqual([{ uid: segUid, sopClass: { system: PART04, code: '1.2.840.10008.5.1.4.1.1.66.4', display: 'Segmentation Storage' }, subset: ['2'] }]);
  const { body } = await fhir(`Observation?derived-from=ImagingSelection/${sel.id}&_count=50`);
  const obs = ((body as { entry?: Array<{ resource: Record<string, unknown> }> }).entry ?? []).map((e) => e.resource);
  const value = (code: string) => (obs.find((o) => (o.code as { coding: Array<{ code: string }> }).coding[0]!.code === code)?.valueQuantity as { value: number; code: string } | undefined);
  const truth = segStatsTruth(
    sampleFile(segUid),
    ct().series[0]!.instances.map((i) => sampleFile(i.sopInstanceUid)),
    2,
  );
  expect(value('118565006')!.code).toBe('mm3');
  expect(Math.abs(value('118565006')!.value - truth.volumeMm3) / truth.volumeMm3).toBeLessThan(1e-6);
  expect(value('373098007')!.code).toBe("[hnsf'U]");
  expect(Math.abs(value('373098007')!.value - truth.mean)).toBeLessThan(1e-3);
  expect(obs.some((o) => (o.meta as { profile?: string[] } | undefined)?.profile?.[0]?.endsWith('/imaging-measurement-group'))).toBe(true);

  // Another system's selections, in the IG example's shape: one segment of this SEG, one of a SEG the archive does not
  // hold, one naming a segment number the SEG does not have.
  for (const r of [foreignSelection(segUid, 3, 'Right lung'), foreignSelection('1.2.826.0.1.3680043.10.1338.999.1', 1, 'Tumour'), foreignSelection(segUid, 9, 'Spleen')]) {
    const res = await fhir('ImagingSelection', { method: 'POST', body: JSON.stringify(r) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  // A reviewer opens the study.
  await viewer.open(ct().studyUid, '&mode=review');
  await viewer.waitForImage();
  const refs = page.getByRole('region', { name: 'Segment selections' });
  await expect(refs.getByRole('listitem')).toHaveCount(4, { timeout: 30_000 });
  await expect(refs.getByRole('listitem').filter({ hasText: 'Tumour (segment 1)' }).getByRole('note')).toHaveText(/not in this study/);
  await refs.getByRole('button', { name: 'Left lung (segment 2)' }).click();
  await expect(seg.segments).toHaveCount(3, { timeout: 60_000 });
  await expect(seg.segment('Left lung')).toHaveAttribute('aria-current', 'true');
  await expect(seg.root.getByRole('button', { name: 'Save segment selection' })).toHaveCount(0); // review mode
  // Highlighted on screen: its outline is drawn opaque, on a slice that holds it.
  await expect.poll(async () => page.getByTestId('segmentation-overlay').evaluate((c: HTMLCanvasElement) => {
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let opaque = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] === 255) opaque++;
    return opaque;
  }), { timeout: 20_000 }).toBeGreaterThan(50);
  await refs.getByRole('button', { name: 'Right lung (segment 3)' }).click();
  await expect(seg.segment('Right lung')).toHaveAttribute('aria-current', 'true', { timeout: 30_000 });
  // The missing SEG: a message, and the viewer carries on with what it has.
  await refs.getByRole('button', { name: 'Tumour (segment 1)' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /segmentation instance .* of "Tumour" is not in this study/ })).toBeVisible();
  await expect(seg.segment('Right lung')).toHaveAttribute('aria-current', 'true');
  await refs.getByRole('button', { name: 'Spleen (segment 9)' }).click();
  await expect(seg.root.getByRole('status').filter({ hasText: 'Segment 9 is not in this segmentation (it has 1, 2, 3)' })).toBeVisible({ timeout: 30_000 });
  await expect(seg.segments).toHaveCount(3);
  expect(consoleErrors).toEqual([]);
  await clearSelections(ct().studyUid); // later specs open ct-200 without these
});

test.describe('bad SEG input: a message each, and the viewer keeps working', () => {
  let bad: ReturnType<typeof badSegs>;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    bad = badSegs(sampleFile(segSeries().instances[0]!.sopInstanceUid), test.info().outputDir);
    for (const b of Object.values(bad)) await uploadToOrthanc(b.file);
  });
  test.afterAll(async () => {
    for (const b of Object.values(bad ?? {})) await deleteSeriesFromOrthanc(b.seriesUid);
  });

  for (const [key, message] of [
    ['other-frame-of-reference', /Frame of Reference .* differs from its images/],
    ['foreign-source', /source images are not in this study/],
    ['corrupt-pixels', /pixel data is truncated or corrupt/],
  ] as const) {
    test(`${key}: refused with a message, the CT still scrolls and draws`, async ({ page, viewer, consoleErrors }) => {
      test.setTimeout(180_000);
      await viewer.openFresh(ct().studyUid);
      const seg = new SegmentationPanelPage(page, viewer);
      await seg.openSeries(bad[key].description);
      await expect(seg.root.getByRole('alert')).toHaveText(message, { timeout: 60_000 });
      await expect(page.getByTestId('segmentation-overlay')).toHaveCount(1);
      await viewer.goToImage(50);
      await viewer.waitForImage();
      await viewer.useTool('Point');
      // The good SEG still opens afterwards.
      await seg.openSeries('Phantom segmentation');
      await expect(seg.segments).toHaveCount(3, { timeout: 60_000 });
      await expect(seg.root.getByRole('alert')).toHaveCount(0);
      expect(consoleErrors).toEqual([]);
    });
  }

  test('huge (500 frames of 512²): shown, with the heap it costs measured', async ({ page, viewer, consoleErrors }) => {
    test.setTimeout(240_000);
    await viewer.openFresh(ct().studyUid);
    await viewer.waitForImage();
    const heap = () => page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
    const before = await heap();
    const seg = new SegmentationPanelPage(page, viewer);
    await seg.openSeries(bad.huge.description);
    await expect(seg.segments).toHaveCount(3, { timeout: 120_000 });
    await expect(seg.root.getByRole('alert')).toHaveCount(0);
    await viewer.goToImage(30);
    await expect
      .poll(async () => page.getByTestId('segmentation-overlay').evaluate((c: HTMLCanvasElement) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]) n++;
        return n;
      }), { timeout: 30_000 })
      .toBeGreaterThan(1000);
    const after = await heap();
    // The labelmap keeps one byte per pixel of the slices that hold a label (200 × 512² = 52 MB here), not per frame.
    const note = `JS heap ${Math.round(before / 2 ** 20)} MB → ${Math.round(after / 2 ** 20)} MB with the 500-frame SEG shown`;
    test.info().annotations.push({ type: 'heap', description: note });
    console.log(note);
    expect(after - before).toBeLessThan(400 * 2 ** 20);
    expect(consoleErrors).toEqual([]);
  });
});
