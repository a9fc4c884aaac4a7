import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { fhir, selectionsOf, type StoredSelection } from './support/fhirServer';
import { deleteKeyImages, orthanc, seriesInArchive } from './support/orthanc';

const SC_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7';

const IG = 'http://hl7.org/fhir/uv/dicom-sr/StructureDefinition';
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

interface StoredObservation {
  id: string;
  meta: { versionId: string; profile?: string[] };
  status: string;
  identifier?: Array<{ system?: string; value?: string }>;
  code: { coding?: Array<{ system?: string; code?: string }> };
  category?: Array<{ coding?: Array<{ code?: string }> }>;
  subject?: unknown;
  device?: { reference?: string };
  partOf?: unknown[];
  hasMember?: Array<{ reference: string }>;
  derivedFrom?: Array<{ reference: string }>;
  valueQuantity?: { value: number; system: string; code: string };
  [k: string]: unknown;
}

async function search<T>(query: string): Promise<T[]> {
  const { body } = await fhir(query);
  return ((body as { entry?: Array<{ resource: T }> }).entry ?? []).map((e) => e.resource);
}

/** How another system finds an ROI's measurements: the groups derived from its selection, then their members. */
async function measurementsOf(selectionId: string): Promise<{ group: StoredObservation; members: StoredObservation[] }> {
  const groups = await search<StoredObservation>(`Observation?derived-from=ImagingSelection/${selectionId}&category=${encodeURIComponent(`${DCM}|125007`)}`);
  expect(groups, `one measurement group for ImagingSelection/${selectionId}`).toHaveLength(1);
  const group = groups[0]!;
  const members = await Promise.all((group.hasMember ?? []).map(async (m) => (await fhir(m.reference)).body as StoredObservation));
  return { group, members };
}

/** POSTs a resource and returns the status and the OperationOutcome's text. */
async function post(resource: Record<string, unknown>): Promise<{ status: number; outcome: string }> {
  const { id: _id, meta, ...rest } = resource;
  const body = { ...rest, meta: { profile: (meta as { profile?: string[] } | undefined)?.profile } };
  const { status, body: out } = await fhir(String(resource.resourceType), { method: 'POST', body: JSON.stringify(body) });
  return { status, outcome: JSON.stringify(out) };
}

test('every ROI kind is saved as an IG image-region-2d with its measurement group and measurements, a key image illustrates them, and it all reloads', async ({ viewer, page, consoleErrors }) => {
  const s = sample('ct-ankle-implicit');
  await deleteKeyImages(s.studyUid);
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
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
  await viewer.save();

  const stored = await selectionsOf(s.studyUid);
  expect(stored).toHaveLength(5);
  const byKind = new Map<string, StoredSelection>(stored.map((x) => [x.instance[0]!.imageRegion2D![0]!.regionType, x]));
  expect([...byKind.keys()].sort()).toEqual(['circle', 'ellipse', 'interpolated', 'point', 'polyline']);
  for (const sel of stored) {
    expect(sel.meta).toMatchObject({ profile: [`${IG}/image-region-2d`] });
    expect(sel.code).toEqual({ coding: [{ system: DCM, code: '111030', display: 'Image Region' }] });
    expect((sel.subject as { type?: string }).type).toBe('Patient');
    expect(sel.basedOn).toEqual([expect.objectContaining({ identifier: expect.objectContaining({ type: { coding: [expect.objectContaining({ code: 'ACSN' })] } }) })]);
  }

  // Per ROI: a group derived from its selection, one measurement per figure the panel shows (UCUM), all on the
  // viewer's Device. This CT has no pixel spacing: no mm figures, and the group says so.
  const stats = ["mean:[hnsf'U]", "sd:[hnsf'U]", "min:[hnsf'U]", "max:[hnsf'U]"];
  const expected: Record<string, string[]> = { point: [], circle: stats, ellipse: stats, polyline: [], interpolated: stats };
  const noted = new Set(['circle', 'ellipse', 'polyline', 'interpolated']);
  const codeName: Record<string, string> = { '410668003': 'length', '131191004': 'perimeter', '42798000': 'area', '373098007': 'mean', '386136009': 'sd', '255605001': 'min', '56851009': 'max' };
  const devices = new Set<string>();
  for (const [kind, sel] of byKind) {
    const { group, members } = await measurementsOf(sel.id);
    expect(group.meta.profile).toEqual([`${IG}/imaging-measurement-group`]);
    expect(group.status).toBe('final');
    expect(group.identifier?.[0]?.value).toMatch(/^urn:oid:2\.25\.\d+$/);
    expect(members.map((m) => `${codeName[m.code.coding![0]!.code!]}:${m.valueQuantity!.code}`)).toEqual(expected[kind]);
    expect(JSON.stringify(group.note ?? []).includes('no pixel spacing'), kind).toBe(noted.has(kind));
    for (const m of members) {
      expect(m.meta.profile).toEqual([`${IG}/imaging-measurement`]);
      expect(m.valueQuantity?.system).toBe('http://unitsofmeasure.org');
      expect(m.derivedFrom).toEqual([{ reference: `ImagingSelection/${sel.id}` }]);
      devices.add(m.device!.reference!);
    }
    devices.add(group.device!.reference!);
  }
  expect(devices.size).toBe(1);
  const device = (await fhir(`${[...devices][0]}`)).body as { displayName?: string; version?: Array<{ value: string }> };
  expect(device.displayName).toBe('ROI viewer');
  expect(device.version?.[0]?.value).toMatch(/^\d+\.\d+\.\d+/);

  // A key image: the image as shown, ROI outlines included, stored in the archive as a Secondary
  // Capture in a "Key images" series, named by an illustration-of-roi selection, linked from every group.
  await viewer.saveKeyImage();
  await expect(viewer.saveStatus()).toHaveText('All saved');
  const keySeries = (await seriesInArchive(s.studyUid)).filter((x) => x.description === 'Key images');
  expect(keySeries).toHaveLength(1);
  expect(keySeries[0]!.instances).toHaveLength(1);
  const sc = keySeries[0]!.instances[0]!;
  expect(sc.sopClassUid).toBe(SC_SOP_CLASS);
  const illustrations = (await selectionsOf(s.studyUid)).filter((x) => (x.code as { coding?: Array<{ code?: string }> }).coding?.[0]?.code === '121200');
  expect(illustrations).toHaveLength(1);
  const illustration = illustrations[0]!;
  expect(illustration.meta).toMatchObject({ profile: [`${IG}/illustration-of-roi`] });
  expect(illustration.seriesUid).toBe(keySeries[0]!.seriesUid);
  expect(illustration.instance).toEqual([{ uid: sc.sopInstanceUid, number: 1, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${SC_SOP_CLASS}` } }]);
  expect((illustration.subject as { type?: string }).type).toBe('Patient');
  const linkedVersions = new Map<string, string>();
  for (const sel of byKind.values()) {
    const { group } = await measurementsOf(sel.id);
    expect(group.derivedFrom).toEqual([{ reference: `ImagingSelection/${sel.id}` }, { reference: `ImagingSelection/${illustration.id}` }]);
    linkedVersions.set(group.id, group.meta.versionId);
  }
  // The stored image is the view: grey image pixels and coloured ROI outlines.
  const [scId] = (await (await orthanc('/tools/lookup', { method: 'POST', body: sc.sopInstanceUid })).json()) as Array<{ ID: string }>;
  const tags = (await (await orthanc(`/instances/${scId!.ID}/simplified-tags`)).json()) as Record<string, string>;
  expect(tags).toMatchObject({ PhotometricInterpretation: 'RGB', SamplesPerPixel: '3', BitsAllocated: '8', StudyInstanceUID: s.studyUid, PatientID: s.patientId, Modality: 'OT' });
  const raw = new Uint8Array(await (await orthanc(`/instances/${scId!.ID}/frames/0/raw`)).arrayBuffer());
  let grey = 0;
  let coloured = 0;
  for (let i = 0; i + 2 < raw.length; i += 3) {
    const [r, g, b] = [raw[i]!, raw[i + 1]!, raw[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    else if (r > 30) grey++;
  }
  expect(grey, 'image pixels').toBeGreaterThan(1000);
  expect(coloured, 'ROI outline pixels').toBeGreaterThan(100);

  // The same ROIs, loaded again: shown, saved, and nothing written by opening them.
  await page.reload();
  await viewer.waitForImage();
  await expect(viewer.roiItems()).toHaveCount(5);
  await expect(viewer.roiPanel.getByText('saved', { exact: true })).toHaveCount(5);
  // The stored figures are shown next to the recomputed ones; nothing differs.
  await expect(viewer.roiPanel.getByLabel('Stored measurements')).toHaveCount(4);
  await expect(viewer.roiPanel.getByLabel('Stored measurements').filter({ hasText: 'Mean' })).toHaveCount(3);
  await expect(viewer.roiPanel.getByText('differs from the recomputed value')).toHaveCount(0);
  for (const sel of byKind.values()) {
    const { group } = await measurementsOf(sel.id);
    expect(group.meta.versionId, 'no new version from opening').toBe(linkedVersions.get(group.id));
  }
  // The key-image series opens like any other.
  await page.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: /Key images/ }).click();
  await expect(viewer.imageCounter()).toContainText('Image 1/1');
  await viewer.waitForImage();
  // What the viewer wrote passes the IG validation again as it is.
  for (const r of [illustration, (await measurementsOf(byKind.get('circle')!.id)).group]) {
    const { status, outcome } = await post({ ...(r as unknown as Record<string, unknown>), identifier: undefined });
    expect(status, outcome).toBe(201);
  }
  expect(consoleErrors).toEqual([]);
  await deleteKeyImages(s.studyUid);
});

test.describe('the IG profiles in the server refuse what breaks them (422 naming the rule)', () => {
  let selection: Record<string, unknown>;
  let group: Record<string, unknown>;
  let measurement: Record<string, unknown>;

  test.beforeAll(async ({ browser }) => {
    // Resources exactly as the viewer writes them: draw one circle and save.
    const page = await browser.newPage();
    const { ViewerPage } = await import('./pages/ViewerPage');
    const viewer = new ViewerPage(page);
    const s = sample('ct-small');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag(c, { x: c.x + 40, y: c.y });
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.save();
    const sel = (await selectionsOf(s.studyUid))[0]!;
    const m = await measurementsOf(sel.id);
    selection = sel as unknown as Record<string, unknown>;
    group = m.group as unknown as Record<string, unknown>;
    measurement = m.members.find((x) => x.valueQuantity)! as unknown as Record<string, unknown>;
    // An image with pixel spacing gets its mm figures.
    expect(m.members.map((x) => x.valueQuantity!.code)).toEqual(['mm', 'mm2', "[hnsf'U]", "[hnsf'U]", "[hnsf'U]", "[hnsf'U]"]);
    await page.close();
  });

  test('what the viewer wrote passes again as it is', async () => {
    for (const r of [selection, group, measurement]) {
      const { status, outcome } = await post({ ...r, identifier: undefined });
      expect(status, outcome).toBe(201);
    }
  });

  test('no subject', async () => {
    const { status, outcome } = await post({ ...selection, identifier: undefined, subject: undefined });
    expect(status).toBe(422);
    expect(outcome).toContain('ImagingSelection.subject');
    expect(outcome).toContain('image-region-2d');
  });

  test('the wrong code', async () => {
    const { status, outcome } = await post({ ...selection, identifier: undefined, code: { coding: [{ system: DCM, code: '121200', display: 'Illustration of ROI' }] } });
    expect(status).toBe(422);
    expect(outcome).toContain('ImagingSelection.code.coding');
    expect(outcome).toContain('111030');
  });

  test('a derivedFrom identifier without its type', async () => {
    const [study] = selection.derivedFrom as Array<{ identifier: Record<string, unknown> }>;
    const untyped = { ...study, identifier: { ...study!.identifier, type: undefined } };
    const { status, outcome } = await post({ ...selection, identifier: undefined, derivedFrom: [untyped] });
    expect(status).toBe(422);
    expect(outcome).toContain('derivedFrom:imagingStudyRef.identifier.type');
  });

  test('an Observation without device', async () => {
    const { status, outcome } = await post({ ...group, identifier: undefined, device: undefined });
    expect(status).toBe(422);
    expect(outcome).toContain('Observation.device');
  });

  test('a measurement without valueQuantity', async () => {
    const { status, outcome } = await post({ ...measurement, identifier: undefined, valueQuantity: undefined });
    expect(status).toBe(422);
    expect(outcome).toContain('Observation.value[x]');
    expect(outcome).toContain('imaging-measurement');
  });
});

test('editing an ROI updates its Observations in the same save; deleting marks them entered-in-error', async ({ viewer, page }) => {
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 50, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();
  const [sel] = await selectionsOf(s.studyUid);
  const before = await measurementsOf(sel!.id);
  expect(before.group.valueCodeableConcept).toBeUndefined();

  // What the edit sends: each Observation is updated at the version the first save got back (If-Match).
  const transactions: Array<{ entry: Array<{ resource: { resourceType: string; id?: string }; request: { method: string; url: string; ifMatch?: string } }> }> = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/fhir\/?$/.test(r.url())) transactions.push(r.postDataJSON());
  });
  await viewer.roiPanel.getByLabel('Finding').selectOption({ label: 'Mass' });
  await viewer.save();
  const observationWrites = transactions.flatMap((t) => t.entry).filter((e) => e.resource.resourceType === 'Observation').map((e) => `${e.request.method} ${e.request.url} ${e.request.ifMatch}`);
  expect(observationWrites.sort()).toEqual([before.group, ...before.members].map((o) => `PUT Observation/${o.id} W/"${o.meta.versionId}"`).sort());
  const edited = await measurementsOf(sel!.id);
  expect(edited.group.id).toBe(before.group.id); // the same resources, a new version: no duplicates
  expect(edited.group.meta.versionId).toBe('2');
  expect(edited.group.valueCodeableConcept).toEqual({ coding: [{ system: 'http://snomed.info/sct', code: '4147007', display: 'Mass' }] });
  expect(edited.members.map((m) => m.id)).toEqual(before.members.map((m) => m.id));

  await viewer.roiItems().first().getByRole('button').first().click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(viewer.roiItems()).toHaveCount(0);
  await viewer.save();
  const deleted = await search<StoredObservation>(`Observation?derived-from=ImagingSelection/${sel!.id}`);
  expect(deleted.length).toBe(1 + before.members.length);
  expect(deleted.every((o) => o.status === 'entered-in-error')).toBe(true);
});

test('an ROI an earlier version wrote as DCM 121200 is shown, and rewritten as image-region-2d when next saved', async ({ viewer }) => {
  const s = sample('ct-small');
  const inst = s.series.find((x) => x.isImage)!.instances[0]!;
  await viewer.openFresh(s.studyUid);
  const roiId = '5e0b9a3c-2d4f-4a6b-8c1d-3e2f1a0b9c8d';
  const legacy = {
    resourceType: 'ImagingSelection',
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${roiId}` }],
    status: 'available',
    subject: { type: 'Patient', identifier: { system: 'urn:oid:1.2.826.0.1.3680043.10.1338.1', value: s.patientId } },
    code: { coding: [{ system: DCM, code: '121200', display: 'Illustration of ROI' }] },
    studyUid: s.studyUid,
    derivedFrom: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${s.studyUid}` } }],
    seriesUid: s.series.find((x) => x.isImage)!.seriesUid,
    instance: [{ uid: inst.sopInstanceUid, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${inst.sopClassUid}` }, imageRegion2D: [{ regionType: 'circle', coordinate: [64, 64, 74, 64] }] }],
  };
  const created = await fhir('ImagingSelection', { method: 'POST', body: JSON.stringify(legacy) });
  expect(created.status).toBe(201);
  await viewer.open(s.studyUid);
  await viewer.waitForImage();
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.roiItems().first().getByRole('button').first().click();
  await viewer.roiPanel.getByLabel('Label', { exact: true }).fill('re-read');
  await viewer.save();
  const [stored] = await selectionsOf(s.studyUid);
  expect(stored!.meta.versionId).toBe('2');
  expect(stored!.code).toEqual({ coding: [{ system: DCM, code: '111030', display: 'Image Region' }] });
  expect(stored!.meta).toMatchObject({ profile: [`${IG}/image-region-2d`] });
  expect(stored!.instance[0]!.imageRegion2D).toEqual(legacy.instance[0]!.imageRegion2D);
  const { members } = await measurementsOf(stored!.id);
  expect(members.map((m) => m.valueQuantity!.code)).toContain('mm2');
});

/** How many versions the server holds of a resource. */
async function versions(ref: string): Promise<number> {
  const { body } = await fhir(`${ref}/_history?_summary=count`);
  return (body as { total?: number }).total ?? -1;
}

test('a study loaded and saved with no edits changes nothing on the server: no request, no new version', async ({ viewer, page, consoleErrors }) => {
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 40, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.useTool('Polyline');
  for (const [dx, dy] of [[-80, -60], [-40, -70], [-20, -30]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
  await page.mouse.dblclick(c.x - 10, c.y - 10);
  await expect(viewer.roiItems()).toHaveCount(2);
  await viewer.roiItems().first().getByRole('button').first().click();
  await viewer.roiPanel.getByLabel('Finding').selectOption({ label: 'Mass' });
  await viewer.save();
  const refs: string[] = [];
  for (const sel of await selectionsOf(s.studyUid)) {
    const { group, members } = await measurementsOf(sel.id);
    refs.push(`ImagingSelection/${sel.id}`, `Observation/${group.id}`, ...members.map((m) => `Observation/${m.id}`));
  }
  const before = await Promise.all(refs.map(versions));

  const writes: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.method() !== 'HEAD' && r.url().includes('/fhir')) writes.push(`${r.method()} ${r.url()}`);
  });
  await page.reload();
  await viewer.waitForImage();
  await expect(viewer.roiItems()).toHaveCount(2);
  await expect(viewer.roiPanel.getByLabel('Stored measurements')).toHaveCount(2); // both ROIs' figures, read back
  // Look at every ROI, then ask for a save (Ctrl+S): there is nothing to write.
  for (let i = 0; i < 2; i++) await viewer.roiItems().nth(i).getByRole('button').first().click();
  await expect(viewer.saveStatus()).toHaveText('All saved');
  await page.keyboard.press('Control+s');
  await expect(viewer.toolbar.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await page.waitForLoadState('networkidle');
  expect(writes).toEqual([]);
  expect(await Promise.all(refs.map(versions))).toEqual(before);
  expect(consoleErrors).toEqual([]);
});

test('a deployment without STOW-RS: "Save key image" is unavailable and says why; K and the host command are refused the same way', async ({ viewer, page }) => {
  await page.route('**/config.json', async (route) => {
    const res = await route.fetch();
    const config = (await res.json()) as { dicomweb: Record<string, unknown> };
    delete config.dicomweb.stowRoot;
    await route.fulfill({ response: res, json: config });
  });
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 30, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  const button = viewer.toolbar.getByRole('button', { name: 'Save key image' });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAccessibleDescription(/no image archive upload \(STOW-RS, config dicomweb\.stowRoot\)/);
  await viewer.useTool('Select');
  await page.keyboard.press('Shift+K');
  await expect(page.getByRole('alert').filter({ hasText: 'Key images cannot be stored' })).toBeVisible();
  expect((await selectionsOf(s.studyUid)).length).toBe(0);
});
