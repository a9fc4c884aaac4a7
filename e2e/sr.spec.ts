import { test, expect } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';
import type { ViewerPage } from './pages/ViewerPage';
import { sample } from './support/samples';
import { coordinates, fhir, selectionsOf, type StoredSelection } from './support/fhirServer';
import { dciodvfyErrors, dsrdump, fetchInstance, saveForTools } from './support/dicomTools';
import type { Roi } from '../src/domain/roi/Roi';
import { buildMeasurementReport } from '../src/domain/sr/buildMeasurementReport';
import { roiToGroup } from '../src/domain/sr/roiGroup';
import { encodePart10 } from '../src/adapters/dicomweb/srCodec';

/** Draws one ROI of every kind on the image shown, waiting for each in the list (Cornerstone's double-click window). */
async function drawEveryKind(viewer: ViewerPage, page: Page): Promise<void> {
  const c = await viewer.centre();
  const b = await viewer.box();
  const u = Math.min(b.width, b.height) / 10;
  let n = await viewer.roiItems().count();
  const next = async () => expect(viewer.roiItems()).toHaveCount(++n);
  await viewer.useTool('Point');
  await viewer.clickAt(c.x - 3 * u, c.y - 3 * u);
  await next();
  await viewer.useTool('Circle');
  await viewer.drag({ x: c.x + 2 * u, y: c.y - 3 * u }, { x: c.x + 3 * u, y: c.y - 3 * u });
  await next();
  await viewer.useTool('Ellipse');
  await viewer.drag({ x: c.x - 2 * u, y: c.y + 2 * u }, { x: c.x + 0.5 * u, y: c.y + 3 * u });
  await next();
  await viewer.useTool('Polyline');
  for (const [dx, dy] of [[-4, 0], [-3.2, 0.5], [-2.5, -0.3]]) await viewer.clickAt(c.x + dx! * u, c.y + dy! * u);
  await page.mouse.dblclick(c.x - 2 * u, c.y + 0.3 * u);
  await next();
  await viewer.useTool('Polyline');
  for (const [dx, dy] of [[1, 1], [2, 1], [2, 2]]) await viewer.clickAt(c.x + dx! * u, c.y + dy! * u);
  await viewer.clickAt(c.x + u, c.y + u); // the first vertex closes it
  await next();
  await viewer.useTool('Interpolated');
  for (const [dx, dy] of [[1.5, -1], [2.5, -0.5], [3.2, -1.5]]) await viewer.clickAt(c.x + dx! * u, c.y + dy! * u);
  await viewer.clickAt(c.x + 1.5 * u, c.y - u);
  await next();
  await viewer.useTool('Select');
}

/** Coordinates (and frame) of stored selections, as a sorted list of strings: order-free comparison. */
const shapes = (list: readonly StoredSelection[]) => list.map((s) => `${JSON.stringify(coordinates(s))} frame ${s.instance[0]!.subset?.join(',') ?? '-'}`).sort();

async function exportSr(page: Page): Promise<void> {
  await page.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Export as DICOM SR' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Exported \d+ regions? as DICOM SR/ })).toBeVisible({ timeout: 30_000 });
}

type DicomJson = Record<string, { Value?: unknown[] }>;

/** Finds a stored SR instance by SOP Instance UID: its series and its WADO-RS metadata. */
async function findSr(request: APIRequestContext, studyUid: string, sop: string): Promise<{ seriesUid: string; ds: DicomJson }> {
  for (const x of (await (await request.get(`/dicom-web/studies/${studyUid}/series?Modality=SR`)).json()) as DicomJson[]) {
    const seriesUid = String(x['0020000E']!.Value![0]);
    const list = (await (await request.get(`/dicom-web/studies/${studyUid}/series/${seriesUid}/metadata`)).json()) as DicomJson[];
    const ds = list.find((d) => d['00080018']?.Value?.[0] === sop);
    if (ds) return { seriesUid, ds };
  }
  throw new Error(`SR ${sop} not found in study ${studyUid}`);
}

/** SOP Instance UIDs of the SRs the viewer stores (STOW-RS answers), in order. */
function watchStow(page: Page): string[] {
  const sops: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/dicom-web/studies') && r.request().method() === 'POST') {
      void r.json().then((j: DicomJson) => sops.push(String((j['00081199']!.Value![0] as DicomJson)['00081155']!.Value![0])));
    }
  });
  return sops;
}

const seriesNav = (page: Page) => page.getByRole('navigation', { name: 'Series' });
const srPanel = (page: Page) => page.getByRole('region', { name: 'Structured report' });

test('every ROI kind on a multi-frame image → DICOM SR: dciodvfy and dsrdump accept it; reloaded and adopted it gives identical coordinates and frames', async ({ viewer, page, request }) => {
  test.setTimeout(180_000);
  const s = sample('multiframe-24');
  await viewer.openFresh(s.studyUid);
  await viewer.goToImage(5);
  await drawEveryKind(viewer, page);
  await viewer.save();
  const drawn = await selectionsOf(s.studyUid);
  expect(drawn).toHaveLength(6);

  const stowed = watchStow(page);
  await exportSr(page);
  await expect.poll(() => stowed.length).toBe(1);
  const sop = stowed[0]!;
  const { seriesUid } = await findSr(request, s.studyUid, sop);

  // Tools no one here wrote read the file the archive holds.
  const file = saveForTools(await fetchInstance(request, s.studyUid, seriesUid, sop), `export-${sop}.dcm`);
  const iod = dciodvfyErrors(file);
  expect(iod.errors, iod.output).toEqual([]);
  expect(iod.output).toContain('ComprehensiveSR');
  const dump = dsrdump(file);
  expect(dump.status, dump.output).toBe(0);
  expect(dump.errors, dump.output).toEqual([]);
  expect(dump.output).toContain('Imaging Measurement Report');
  expect(dump.output.match(/Measurement Group/g)).toHaveLength(6);
  expect(dump.output).toMatch(/selected from IMAGE:.*,5\)/);

  // A reload lists the report; opening it shows the regions read-only on frame 5, and adopting them writes the same shapes.
  await page.reload();
  await viewer.waitForImage();
  const entry = seriesNav(page).getByRole('button', { name: /SR · ROI viewer · \d{4}-\d\d-\d\d \d\d:\d\d/ });
  await expect(entry).toHaveCount(1);
  await entry.click();
  await expect(srPanel(page).getByRole('list', { name: 'Regions from SR' }).getByRole('listitem')).toHaveCount(6);
  await expect(srPanel(page).getByText('from SR')).toHaveCount(6);
  await expect(viewer.imageCounter()).toContainText('Image 5/');
  await srPanel(page).getByRole('button', { name: 'Adopt' }).click();
  await expect(viewer.roiItems()).toHaveCount(12);
  await viewer.save();
  const all = await selectionsOf(s.studyUid);
  const regions = all.filter((x) => x.instance[0]!.imageRegion2D?.length);
  const adopted = regions.filter((x) => !drawn.some((d) => d.id === x.id));
  expect(adopted).toHaveLength(6);
  expect(shapes(adopted)).toEqual(shapes(drawn));
  // Each adopted selection points at its SR content item (IG focus[sourceSRContentItem]): the report, and the group's Observation UID.
  const groupUids = new Set<string>();
  for (const a of adopted) {
    const ref = (a.focus as Array<{ reference: string }> | undefined)?.[0]?.reference ?? '';
    expect(ref).toMatch(/^ImagingSelection\//);
    const source = (await fhir(ref)).body as StoredSelection & { code: { coding: Array<{ code: string }> } };
    expect(source.code.coding[0]!.code).toBe('111040');
    expect(source.instance[0]!.uid).toBe(sop);
    groupUids.add(source.instance[0]!.subset![0]!);
  }
  expect(groupUids.size).toBe(6);
  // The source items are not regions: a reload shows the 12 ROIs and nothing "not shown".
  await page.reload();
  await viewer.waitForImage();
  await expect(viewer.roiItems()).toHaveCount(12);
  await expect(viewer.roiPanel.getByRole('region', { name: 'Selections not shown' })).toHaveCount(0);
});

test('exporting again after an edit writes a new instance in the same series that supersedes the previous one', async ({ viewer, page, request }) => {
  test.setTimeout(120_000);
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 40, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  const posts = watchStow(page);
  await exportSr(page);
  await viewer.useTool('Point');
  await viewer.clickAt(c.x - 40, c.y - 40);
  await expect(viewer.roiItems()).toHaveCount(2);
  await exportSr(page);
  await expect.poll(() => posts.length).toBe(2);
  const [first, second] = posts;
  const a = await findSr(request, s.studyUid, first!);
  const b = await findSr(request, s.studyUid, second!);
  expect(b.seriesUid).toBe(a.seriesUid);
  const predecessor = JSON.stringify(b.ds['0040A360']);
  expect(predecessor).toContain(first!);
  await expect(seriesNav(page).getByRole('button', { name: /ROI measurements \(TID 1500\)/ })).toHaveCount(1);
  await seriesNav(page).getByRole('button', { name: /ROI measurements \(TID 1500\)/ }).click();
  await expect(srPanel(page).getByRole('list', { name: 'Regions from SR' }).getByRole('listitem')).toHaveCount(2);
});

test('a TID 1500 report written by highdicom imports: five regions with exact coordinates, the 3D point listed with its reason', async ({ viewer, page }) => {
  test.setTimeout(120_000);
  const s = sample('nonsquare');
  await viewer.openFresh(s.studyUid);
  const entry = seriesNav(page).getByRole('button', { name: /highdicom TID 1500 report.*SR · Foreign, Reader · 2024-06-02 10:15/ });
  await expect(entry).toHaveCount(1);
  await entry.click();
  const shown = srPanel(page).getByRole('list', { name: 'Regions from SR' }).getByRole('listitem');
  await expect(shown).toHaveCount(5);
  await expect(srPanel(page).getByRole('list', { name: 'Not shown from SR' })).toHaveText(/highdicom 3d point: SCOORD3D POINT/);
  await srPanel(page).getByRole('button', { name: 'Adopt' }).click();
  await expect(viewer.roiItems()).toHaveCount(5);
  await viewer.save();
  const byLabel = Object.fromEntries((await selectionsOf(s.studyUid)).filter((x) => x.instance[0]!.imageRegion2D?.length).map((x) => [x.category?.[0]?.text, [x.instance[0]!.imageRegion2D![0]!.regionType, coordinates(x)]]));
  // The numbers stack/samples/derived/sr_highdicom.py gave highdicom.
  expect(byLabel).toEqual({
    'highdicom point': ['point', [32.5, 40.25]],
    'highdicom closed polyline': ['polyline', [20, 200, 40, 200, 40, 240, 20, 240, 20, 200]],
    'highdicom open polyline': ['polyline', [70.5, 20.5, 90.25, 60.75, 110, 30]],
    'highdicom circle': ['circle', [64, 128, 64, 152]],
    'highdicom ellipse': ['ellipse', [80, 180, 120, 180, 100, 170, 100, 190]],
  });
});

test('bad content in a stored SR is listed per group with its reason while the good groups import; an SR that is not TID 1500 says so', async ({ viewer, page, request }) => {
  test.setTimeout(120_000);
  const s = sample('mr-j2k');
  const inst = s.series[0]!.instances[0]!;
  const image = { studyUid: s.studyUid, seriesUid: s.series[0]!.seriesUid, sopInstanceUid: inst.sopInstanceUid, sopClassUid: inst.sopClassUid };
  const good: Roi = { id: '5f0c9a52-3a4e-4a8e-9d35-0c1f1b2a3c01', image, label: 'good circle', kind: 'circle', points: [[32, 32], [40, 32]] };
  const base = roiToGroup(good, []);
  const bad = (name: string, graphicType: string, graphicData: number[], sopInstanceUid = inst.sopInstanceUid) => ({
    ...base,
    trackingIdentifier: name,
    trackingUid: `${base.trackingUid}.${graphicData.length}${graphicType.length}`,
    scoord: { ...base.scoord, graphicType: graphicType as 'POINT', graphicData, image: { ...base.scoord.image, sopInstanceUid } },
  });
  const report = (sop: string, series: string, groups: ReturnType<typeof roiToGroup>[]) =>
    buildMeasurementReport({
      studyUid: s.studyUid,
      seriesUid: series,
      sopInstanceUid: sop,
      seriesNumber: 950,
      instanceNumber: 1,
      contentTime: '2026-01-02T03:04:05Z',
      patientStudy: { PatientName: s.patientName, PatientID: s.patientId },
      personObserver: 'Test^Bad',
      device: { uid: '2.25.7', name: 'e2e', manufacturer: 'e2e', softwareVersion: '1' },
      groups,
      evidence: [image],
    });
  const tid1500 = report('2.25.901001', '2.25.901000', [
    base,
    bad('odd', 'POLYLINE', [1, 2, 3, 4, 5]),
    bad('missing image', 'POINT', [10, 10], '2.25.999999'),
    bad('outside', 'POINT', [10, 65]),
    bad('spline', 'SPLINE', [1, 2, 3, 4, 5, 6]),
  ]);
  const notTid1500 = { ...report('2.25.902001', '2.25.902000', [base]), ConceptNameCodeSequence: [{ CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Diagnostic imaging report' }], ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }], SeriesDescription: 'Not a measurement report' };
  const boundary = 'e2e-sr-bad-input';
  const parts = [tid1500, notTid1500].map((ds) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(encodePart10(ds)), Buffer.from('\r\n')]));
  const stored = await request.post('/dicom-web/studies', {
    headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' },
    data: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
  });
  expect(stored.ok()).toBe(true);

  await viewer.openFresh(s.studyUid);
  await seriesNav(page).getByRole('button', { name: /ROI measurements \(TID 1500\).*Test, Bad/ }).click();
  await expect(srPanel(page).getByRole('list', { name: 'Regions from SR' }).getByRole('listitem')).toHaveText([/good circle · circle/]);
  await expect(srPanel(page).getByRole('list', { name: 'Not shown from SR' }).getByRole('listitem')).toHaveText([
    'odd: odd number of coordinates (5) in POLYLINE',
    'missing image: the referenced image 2.25.999999 is not in this study',
    'outside: point (10, 65) is outside the 64×64 image',
    'spline: graphic type SPLINE is not a 2D SCOORD type this viewer draws',
  ]);
  await seriesNav(page).getByRole('button', { name: /Not a measurement report/ }).click();
  await expect(srPanel(page).getByRole('note')).toHaveText('Not a TID 1500 Measurement Report (Diagnostic imaging report, TID 2000)');
});
