import { test, expect } from './fixtures';
import { FHIR_VARIANT, observeWrites } from './support/fhirWrites';
import { sample } from './support/samples';
import { clearSelections, coordinates, fhir, selectionsOf } from './support/fhirServer';

const near = (actual: number, expected: number, tol = 0.05) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol);

test.describe('exactness with real mouse input', () => {
  for (const key of ['ct-ankle-implicit', 'nonsquare', 'multiframe-24']) {
    test(`a Point at the canvas centre is (Columns/2, Rows/2) on ${key}`, async ({ viewer, page }) => {
      const s = sample(key);
      const inst = s.series.find((x) => x.isImage)!.instances[0]!;
      await viewer.openFresh(s.studyUid);
      if (inst.frames > 1) await viewer.goToImage(5);
      await viewer.useTool('Point');
      const c = await viewer.centre();
      await viewer.clickAt(c.x, c.y);
      await expect(viewer.roiItems()).toHaveCount(1);
      await viewer.save();
      const stored = await selectionsOf(s.studyUid);
      expect(stored).toHaveLength(1);
      const [x, y] = coordinates(stored[0]!);
      near(x!, inst.columns / 2);
      near(y!, inst.rows / 2);
      if (inst.frames > 1) expect(stored[0]!.instance[0]!.subset).toEqual(['5']);
      await page.keyboard.press('Escape');
    });
  }

  test('a Circle dragged from the centre gives centre + perimeter point', async ({ viewer }) => {
    const s = sample('ct-ankle-implicit');
    await viewer.openFresh(s.studyUid);
    const b = await viewer.box();
    const scale = Math.min(b.width, b.height) / 512; // fit-to-window, square image
    await viewer.useTool('Circle');
    const c = await viewer.centre();
    await viewer.drag(c, { x: c.x + 40, y: c.y });
    await viewer.save();
    const [cx, cy, ex, ey] = coordinates((await selectionsOf(s.studyUid))[0]!);
    near(cx!, 256);
    near(cy!, 256);
    near(ex!, 256 + 40 / scale);
    near(ey!, 256);
  });

  test('an Ellipse gives 4 points with the major axis first', async ({ viewer }) => {
    const s = sample('ct-ankle-implicit');
    await viewer.openFresh(s.studyUid);
    await viewer.useTool('Ellipse');
    const c = await viewer.centre();
    await viewer.drag({ x: c.x - 80, y: c.y - 30 }, { x: c.x + 80, y: c.y + 30 });
    await viewer.save();
    const stored = (await selectionsOf(s.studyUid))[0]!;
    expect(stored.instance[0]!.imageRegion2D![0]!.regionType).toBe('ellipse');
    const p = coordinates(stored);
    expect(p).toHaveLength(8);
    const major = Math.hypot(p[2]! - p[0]!, p[3]! - p[1]!);
    const minor = Math.hypot(p[6]! - p[4]!, p[7]! - p[5]!);
    expect(major).toBeGreaterThan(minor);
    near(p[1]!, p[3]!); // horizontal major axis
  });
});

test('draw every region type, save (201 on HAPI), reload: all reappear and a no-op re-save is string-identical', async ({ viewer, page }) => {
  const s = sample('ct-ankle-implicit');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();

  // Cornerstone holds a click back for its double-click window, so each
  // shape is awaited in the list before the next tool is picked.
  await viewer.useTool('Point');
  await viewer.clickAt(c.x - 100, c.y - 100);
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.useTool('Circle');
  await viewer.drag({ x: c.x + 100, y: c.y - 100 }, { x: c.x + 130, y: c.y - 100 });
  await expect(viewer.roiItems()).toHaveCount(2);
  await viewer.useTool('Ellipse');
  await viewer.drag({ x: c.x - 60, y: c.y + 60 }, { x: c.x + 20, y: c.y + 100 });
  await expect(viewer.roiItems()).toHaveCount(3);
  await viewer.useTool('Polyline');
  for (const [dx, dy] of [[-150, 0], [-120, 20], [-90, -10]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
  await page.mouse.dblclick(c.x - 70, c.y + 10);
  await expect(viewer.roiItems()).toHaveCount(4);
  await viewer.useTool('Interpolated');
  for (const [dx, dy] of [[60, 0], [100, 20], [130, -20]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
  await viewer.clickAt(c.x + 60, c.y); // the first vertex closes the curve
  await expect(viewer.roiItems()).toHaveCount(5);

  const observed = observeWrites(page);
  await viewer.save();
  expect(await observed.creates('ImagingSelection')).toEqual([201, 201, 201, 201, 201]);
  // One transaction where the server has them; single requests where it has none.
  expect(new Set(observed.writes.map((w) => w.via))).toEqual(new Set([FHIR_VARIANT.transactions ? 'transaction' : 'request']));
  const before = await selectionsOf(s.studyUid);
  expect(before.map((x) => x.instance[0]!.imageRegion2D![0]!.regionType).sort()).toEqual(['circle', 'ellipse', 'interpolated', 'point', 'polyline']);
  const interp = before.find((x) => x.instance[0]!.imageRegion2D![0]!.regionType === 'interpolated')!;
  const ip = coordinates(interp);
  expect(ip.slice(0, 2)).toEqual(ip.slice(-2)); // closed: first pair repeated

  await page.reload();
  await viewer.waitForImage();
  await expect(viewer.roiItems()).toHaveCount(5);
  await expect(viewer.roiPanel.getByText('saved', { exact: true })).toHaveCount(5);
  const after = await selectionsOf(s.studyUid);
  const coordsOf = (list: typeof before) => Object.fromEntries(list.map((x) => [x.id, JSON.stringify(coordinates(x))]));
  expect(coordsOf(after)).toEqual(coordsOf(before));
  expect(after.every((x) => x.meta.versionId === '1')).toBe(true);
});

test('relabel creates version 2, undo/redo and delete → entered-in-error', async ({ viewer, page }) => {
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 50, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();
  await viewer.roiPanel.getByLabel('Label', { exact: true }).fill('lesion <img src=x onerror=alert(1)>');
  await viewer.roiPanel.getByLabel('Finding').selectOption({ label: 'Mass' });
  await viewer.save();
  let [stored] = await selectionsOf(s.studyUid);
  expect(stored!.meta.versionId).toBe('2');
  expect(stored!.category?.[0]?.text).toBe('lesion <img src=x onerror=alert(1)>');

  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(viewer.roiPanel.getByLabel('Label', { exact: true })).toHaveValue('');
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(viewer.roiPanel.getByLabel('Label', { exact: true })).toHaveValue('lesion <img src=x onerror=alert(1)>');

  await viewer.roiItems().first().getByRole('button').first().click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(viewer.roiItems()).toHaveCount(0);
  await viewer.save();
  [stored] = await selectionsOf(s.studyUid);
  expect(stored!.status).toBe('entered-in-error');
  await page.reload();
  await viewer.waitForImage();
  await expect(viewer.roiItems()).toHaveCount(0);
});

test('a click outside the image is refused with a hint; a circle click without a drag creates nothing', async ({ viewer }) => {
  const s = sample('ct-ankle-implicit');
  await viewer.open(s.studyUid);
  await viewer.waitForImage();
  const b = await viewer.box();
  const before = await viewer.roiItems().count();
  const hint = viewer.roiPanel.locator('.hint');
  await expect(hint).toHaveCount(0);
  await viewer.useTool('Point');
  // Fit-to-window leaves black bars left and right of a square image in a wide viewport.
  await viewer.clickAt(b.x + 5, b.y + b.height / 2);
  await expect(hint).toHaveText('Outside the image');
  await expect(hint).toHaveAttribute('role', 'status');
  await expect(viewer.roiItems()).toHaveCount(before);
  // A zero-radius circle (a click without a drag) is not a region.
  await viewer.useTool('Circle');
  const c = await viewer.centre();
  await viewer.clickAt(c.x - 37, c.y + 41);
  await viewer.page.waitForTimeout(800);
  await expect(viewer.roiItems()).toHaveCount(before);
});

test('selections POSTed by other systems (HL7 example shapes) are displayed; malformed ones are listed', async ({ viewer }) => {
  const s = sample('ct-ankle-implicit');
  await clearSelections(s.studyUid);
  const inst = s.series[0]!.instances[0]!;
  const base = {
    resourceType: 'ImagingSelection',
    status: 'available',
    subject: { type: 'Patient', identifier: { system: 'https://fhirhospital.org', value: 'X' } },
    code: { text: 'Region selected from image' },
    studyUid: s.studyUid,
    derivedFrom: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${s.studyUid}` } }],
    seriesUid: s.series[0]!.seriesUid,
  };
  const region = (regionType: string, coordinate: number[]) => ({
    ...base,
    instance: [{ uid: inst.sopInstanceUid, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${inst.sopClassUid}` }, imageRegion2D: [{ regionType, coordinate }] }],
  });
  for (const r of [
    region('polyline', [100.25, 100.25, 200.75, 100.25, 200.75, 200.75, 100.25, 100.25]),
    region('interpolated', [300, 300, 350, 320, 380, 280]),
    region('circle', [256, 256, 276, 256]),
    region('ellipse', [200, 200, 260, 260, 244.142, 215.858, 215.858, 244.142]),
    region('polyline', [1, 2, 3]),
  ]) {
    const res = await fhir('ImagingSelection', { method: 'POST', body: JSON.stringify(r) });
    expect(res.status).toBe(201);
  }
  await viewer.open(s.studyUid);
  await viewer.waitForImage();
  await expect(viewer.roiItems()).toHaveCount(4);
  await expect(viewer.roiPanel.getByRole('region', { name: 'Selections not shown' })).toContainText('odd');
});

test('review mode locks ROIs and disables drawing tools', async ({ viewer }) => {
  const s = sample('ct-small');
  await viewer.open(s.studyUid, '&mode=review');
  await viewer.waitForImage();
  for (const t of ['Point', 'Polyline', 'Interpolated', 'Circle', 'Ellipse']) await expect(viewer.tool(t)).toBeDisabled();
  await expect(viewer.page.getByText('Review mode: regions are read-only')).toBeVisible();
});

test('dragging a handle edits the ROI: unsaved, then version 2 with the new geometry; undo restores it', async ({ viewer, page }) => {
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 60, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();
  const v1 = coordinates((await selectionsOf(s.studyUid))[0]!);
  await viewer.useTool('Select');
  await viewer.dragHandle({ x: c.x + 60, y: c.y }, { x: c.x + 120, y: c.y });
  await expect(viewer.roiPanel.getByText('unsaved', { exact: true })).toHaveCount(1);
  await viewer.save();
  const [stored] = await selectionsOf(s.studyUid);
  expect(stored!.meta.versionId).toBe('2');
  const v2 = coordinates(stored!);
  expect(v2.slice(0, 2)).toEqual(v1.slice(0, 2)); // the centre did not move
  const radius = (p: number[]) => Math.hypot(p[2]! - p[0]!, p[3]! - p[1]!);
  expect(radius(v2)).toBeGreaterThan(radius(v1) * 1.8); // dragged from 60 px out to 120 px
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(viewer.roiPanel.getByText('unsaved', { exact: true })).toHaveCount(1);
  await viewer.save();
  expect(coordinates((await selectionsOf(s.studyUid))[0]!)).toEqual(v1);
});

test('a foreign selection on frame 7 of a multi-frame image (R5 subset) lands on that frame; clicking it goes there', async ({ viewer, page }) => {
  const s = sample('multiframe-24');
  await clearSelections(s.studyUid);
  const series = s.series[0]!;
  const inst = series.instances[0]!;
  const res = await fhir('ImagingSelection', {
    method: 'POST',
    body: JSON.stringify({
      resourceType: 'ImagingSelection',
      status: 'available',
      subject: { type: 'Patient', identifier: { value: s.patientId } },
      code: { text: 'Region selected from image' },
      studyUid: s.studyUid,
      seriesUid: series.seriesUid,
      instance: [{ uid: inst.sopInstanceUid, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${inst.sopClassUid}` }, subset: ['7'], imageRegion2D: [{ regionType: 'circle', coordinate: [64, 64, 80, 64] }] }],
    }),
  });
  expect(res.status).toBe(201);
  await viewer.open(s.studyUid);
  await viewer.waitForImage();
  await expect(viewer.roiItems()).toHaveCount(1);
  await expect(viewer.roiItems().first()).toContainText('frame 7');
  await viewer.roiItems().first().getByRole('button').first().click();
  await expect(page.getByTestId('overlay-frame')).toHaveText('Frame 7/24');
});
