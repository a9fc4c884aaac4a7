import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { coordinates, selectionsOf } from './support/fhirServer';
import { pointTruth } from './support/pixelTruth';

/** "x 12.34 y 56.78 px" → [12.34, 56.78]. */
function parsePointer(text: string): [number, number] {
  const m = /^x (-?[\d.]+) y (-?[\d.]+) px$/.exec(text.trim());
  if (!m) throw new Error(`No pointer in "${text}"`);
  return [Number(m[1]), Number(m[2])];
}

for (const { key, unit } of [
  { key: 'ct-ankle-implicit', unit: 'HU' },
  { key: 'ct-small', unit: 'HU' },
  { key: 'mr-small', unit: '' },
]) {
  test(`the cursor readout on ${key} shows the TLHC point and the modality value pydicom reads there, as the Point probe does`, async ({ viewer, page }) => {
    const s = sample(key);
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    const at = { x: c.x - 37, y: c.y + 23 };
    await page.mouse.move(at.x, at.y);
    const pointer = page.getByTestId('overlay-pointer');
    await expect(pointer).toHaveText(/^x [\d.]+ y [\d.]+ px$/);
    const [x, y] = parsePointer((await pointer.textContent())!);
    const uid = s.series.find((se) => se.isImage)!.instances[0]!.sopInstanceUid;
    const truth = pointTruth(uid, 1, [x, y]);
    const expected = unit ? `${truth} ${unit}` : `${truth}`;
    await expect(page.getByTestId('overlay-value')).toHaveText(expected);

    // A Point placed there shows the same value on the image, and is stored at that TLHC point.
    await viewer.useTool('Point');
    await viewer.clickAt(at.x, at.y);
    await expect(viewer.roiItems()).toHaveCount(1);
    // Its text is its TLHC (column, row) and that value.
    const text = viewer.viewport.locator('svg text');
    await expect(text).toHaveText(/^\(\d+\.\d\d, \d+\.\d\d\) /);
    expect((await text.textContent())!.endsWith(`) ${expected}`)).toBe(true);
    await viewer.save();
    const [px, py] = coordinates((await selectionsOf(s.studyUid))[0]!);
    expect(Math.abs(px! - x)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(py! - y)).toBeLessThanOrEqual(0.01);
    await expect(text).toHaveText(`(${px!.toFixed(2)}, ${py!.toFixed(2)}) ${expected}`);
  });
}

test('a colour image has no modality value under the cursor, and says so', async ({ viewer, page }) => {
  await viewer.openFresh(sample('rgb-jpeg').studyUid);
  const c = await viewer.centre();
  await page.mouse.move(c.x + 5, c.y + 5);
  await expect(page.getByTestId('overlay-pointer')).toHaveText(/^x [\d.]+ y [\d.]+ px$/);
  await expect(page.getByTestId('overlay-value')).toHaveText('colour image: no modality values');
});

test('scrolling under a still pointer shows the new image’s value there, by wheel and by keys', async ({ viewer, page }) => {
  const s = sample('ct-200');
  await viewer.openFresh(s.studyUid);
  const sop = (n: number) => s.series[0]!.instances.find((i) => i.instanceNumber === n)!.sopInstanceUid;
  // The phantom's slice-index bar (rows 10–14) is 2n pixels long on image n: pixel (15, 12) is outside it on image 1, inside on image 5.
  const toPage = await viewer.imageToPage();
  const at = toPage(15.5, 12.5);
  await page.mouse.move(Math.round(at.x), Math.round(at.y));
  const pointer = page.getByTestId('overlay-pointer');
  await expect(pointer).toHaveText(/^x 15\.\d+ y 12\.\d+ px$/);
  const where = (await pointer.textContent())!;
  const [x, y] = parsePointer(where);
  const on1 = pointTruth(sop(1), 1, [x, y]);
  const on5 = pointTruth(sop(5), 1, [x, y]);
  expect(on1, 'the two images differ at this pixel').not.toBe(on5);
  const value = page.getByTestId('overlay-value');
  await expect(value).toHaveText(`${on1} HU`);

  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, 100);
  await expect(viewer.imageCounter()).toHaveText('Image 5/200');
  await expect(value).toHaveText(`${on5} HU`);
  await expect(pointer).toHaveText(where);

  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
  await expect(viewer.imageCounter()).toHaveText('Image 1/200');
  await expect(value).toHaveText(`${on1} HU`);
  await expect(pointer).toHaveText(where);
});
