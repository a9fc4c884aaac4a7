import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { coordinates, selectionsOf } from './support/fhirServer';
import { slicePositions } from './support/orthanc';
import { expectNoSeriousA11yViolations } from './support/axe';

const pane = (page: Page, n: number, of: number) => page.getByRole('region', { name: new RegExp(`^Viewport ${n} of ${of}`) });
const counter = (p: Locator) => p.getByTestId('overlay-image');
/** "Image 8/20" → 7 (the index shown). */
async function shownIndex(p: Locator): Promise<number> {
  const m = /Image (\d+)\//.exec((await counter(p).textContent()) ?? '');
  if (!m) throw new Error('no image counter in the viewport');
  return Number(m[1]) - 1;
}
/** The slice of `target` closest in z to `source` (ties to the lower index), computed from the archive's metadata. */
const closest = (z: number, target: ReadonlyArray<{ z: number }>) => target.reduce((best, t, i) => (Math.abs(t.z - z) < Math.abs(target[best]!.z - z) ? i : best), 0);

test('1×2 layout: thin and thick series scroll in sync by position, and an ROI drawn in the right-hand viewport is saved on its image', async ({ viewer, page, consoleErrors }) => {
  const s = sample('ct-compare');
  const [thinSeries, thickSeries] = s.series;
  const thin = await slicePositions(s.studyUid, thinSeries!.seriesUid);
  const thick = await slicePositions(s.studyUid, thickSeries!.seriesUid);
  expect([thin.length, thick.length]).toEqual([80, 20]);

  await viewer.openFresh(s.studyUid);
  await page.getByRole('combobox', { name: 'Layout' }).selectOption('1x2');
  const left = pane(page, 1, 2);
  const right = pane(page, 2, 2);
  await expect(left).toHaveAttribute('aria-label', 'Viewport 1 of 2 (active)');
  await expect(right).toHaveAttribute('aria-label', 'Viewport 2 of 2');
  // The next series of the study fills the new viewport, starting where the left one is.
  await expect(counter(right)).toHaveText(`Image ${closest(thin[0]!.z, thick) + 1}/20`);
  await expect(right.getByText('CT axial 5 mm')).toBeVisible();

  // The slider: the right viewport goes to the closest slice, not the same index.
  for (const n of [30, 57, 80, 3]) {
    await viewer.goToImage(n);
    await expect(counter(right)).toHaveText(`Image ${closest(thin[n - 1]!.z, thick) + 1}/20`);
  }
  // Trusted wheel input over the left image, one notch per slice.
  const lb = (await left.locator('canvas').first().boundingBox())!;
  await page.mouse.move(lb.x + lb.width / 2, lb.y + lb.height / 2);
  for (let i = 0; i < 9; i++) await page.mouse.wheel(0, 100);
  await expect(counter(left)).toHaveText('Image 12/80');
  await expect(counter(right)).toHaveText(`Image ${closest(thin[11]!.z, thick) + 1}/20`);

  // Sync off for the right viewport: it stays; back on, it joins the left one again.
  const syncRight = page.getByRole('button', { name: 'Sync scrolling, viewport 2' });
  await syncRight.click();
  await expect(syncRight).toHaveAttribute('aria-pressed', 'false');
  const before = await shownIndex(right);
  await viewer.goToImage(70);
  await expect(counter(left)).toHaveText('Image 70/80');
  expect(await shownIndex(right)).toBe(before);
  await syncRight.click();
  await expect(counter(right)).toHaveText(`Image ${closest(thin[69]!.z, thick) + 1}/20`);

  // The keyboard moves between viewports (V, Shift+V); a click makes one active too.
  await page.keyboard.press('v');
  await expect(right).toHaveAttribute('aria-label', 'Viewport 2 of 2 (active)');
  await page.keyboard.press('Shift+V');
  await expect(left).toHaveAttribute('aria-label', 'Viewport 1 of 2 (active)');
  // The right viewport becomes active by a click; the thick slice it shows gets a point.
  const rb = (await right.locator('canvas').first().boundingBox())!;
  await page.mouse.click(rb.x + 5, rb.y + 5);
  await expect(right).toHaveAttribute('aria-label', 'Viewport 2 of 2 (active)');
  await expect(left).toHaveAttribute('aria-label', 'Viewport 1 of 2');
  const onRight = await shownIndex(right);
  await expectNoSeriousA11yViolations(page);
  await viewer.useTool('Point');
  // The drawing surface is snapped to whole, even CSS pixels, so its centre is exactly (Columns/2, Rows/2).
  const box = await viewer.box();
  expect(box.width % 2 + box.height % 2).toBe(0);
  await viewer.clickAt(box.x + box.width / 2, box.y + box.height / 2);
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();

  const stored = await selectionsOf(s.studyUid);
  expect(stored).toHaveLength(1);
  const sel = stored[0]!;
  expect(sel['seriesUid']).toBe(thickSeries!.seriesUid);
  expect(sel.instance.map((i) => i.uid)).toEqual([thick[onRight]!.sopInstanceUid]);
  expect(sel.instance[0]!.imageRegion2D![0]!.regionType).toBe('point');
  expect(coordinates(sel)).toEqual([128, 128]);
  // The left viewport was not touched by the drawing.
  await expect(counter(left)).toHaveText('Image 70/80');

  // A reviewer opens the study in the same layout: the saved ROI is drawn in the right-hand
  // viewport (not the active one) once sync brings its slice there, and nowhere else.
  const readouts = (p: Locator) => p.locator('svg [data-roi-readout]');
  await viewer.open(s.studyUid, '&layout=1x2');
  await viewer.waitForImage();
  await expect(left).toHaveAttribute('aria-label', 'Viewport 1 of 2 (active)');
  await viewer.goToImage(70);
  await expect(counter(right)).toHaveText(`Image ${onRight + 1}/20`);
  await expect(readouts(right)).toHaveCount(1);
  await expect(readouts(left)).toHaveCount(0);
  await viewer.goToImage(10);
  await expect(readouts(right)).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the layout comes from the URL, a series can be dropped into a viewport, and a prior opens beside the study for reading only', async ({ viewer, page, consoleErrors }) => {
  const s = sample('ct-compare');
  const prior = sample('ct-compare-prior');
  await viewer.openFresh(s.studyUid);
  await viewer.open(s.studyUid, '&layout=2x2');
  for (const n of [1, 2, 3, 4]) await expect(pane(page, n, 4)).toBeVisible();
  // Two series for four viewports: the rest wait for one, and say how to give them one.
  await expect(counter(pane(page, 2, 4))).toHaveText(/\/20$/);
  await expect(pane(page, 3, 4).getByText('Drop a series here')).toBeVisible();

  // Drag the thin series from the Series list onto viewport 4.
  await page.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: /CT axial 1\.25 mm/ }).dragTo(pane(page, 4, 4));
  await expect(pane(page, 4, 4)).toHaveAttribute('aria-label', 'Viewport 4 of 4 (active)');
  await expect(counter(pane(page, 4, 4))).toHaveText(/\/80$/);

  await page.getByRole('combobox', { name: 'Layout' }).selectOption('1x1');
  await expect(page.getByRole('region', { name: 'Image viewer' })).toBeVisible();

  const priors = page.getByRole('region', { name: 'Prior studies' });
  await expect(priors.getByRole('button')).toHaveCount(1);
  await priors.getByRole('button', { name: /2023-07-01/ }).click();
  const right = pane(page, 2, 2);
  await expect(right.getByTestId('overlay-prior')).toHaveText('Prior 2023-07-01');
  await expect(counter(right)).toHaveText(/\/20$/);
  expect(prior.series[0]!.instances).toHaveLength(20);

  // Reading only: a drawing tool is refused there, with the reason.
  const rb = (await right.locator('canvas').first().boundingBox())!;
  await page.mouse.click(rb.x + 5, rb.y + 5);
  await expect(right).toHaveAttribute('aria-label', 'Viewport 2 of 2 (active)');
  await viewer.tool('Point').click();
  await expect(page.getByText('This viewport shows a prior study: open that study to draw on it.')).toBeVisible();
  await expect(viewer.tool('Point')).toHaveAttribute('aria-pressed', 'false');
  expect(await selectionsOf(prior.studyUid)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('a polyline half-drawn in one viewport is kept as an open path when the user clicks into the other one', async ({ viewer, page, consoleErrors }) => {
  const s = sample('ct-compare');
  const thin = await slicePositions(s.studyUid, s.series[0]!.seriesUid);
  await viewer.openFresh(s.studyUid);
  await page.getByRole('combobox', { name: 'Layout' }).selectOption('1x2');
  const left = pane(page, 1, 2);
  const right = pane(page, 2, 2);
  await expect(counter(right)).toHaveText(/\/20$/);
  await viewer.goToImage(41);

  await viewer.useTool('Polyline');
  const c = await viewer.centre();
  await viewer.clickAt(c.x - 40, c.y - 40);
  await viewer.clickAt(c.x + 40, c.y - 10);
  await expect(page.getByTestId('drawing-hint')).toContainText('Double-click or press Enter to finish');

  // A press in the other viewport makes it active; the shape on the left ends as an open path there.
  const rb = (await right.locator('canvas').first().boundingBox())!;
  await viewer.clickAt(rb.x + rb.width / 2, rb.y + rb.height / 2);
  await expect(right).toHaveAttribute('aria-label', 'Viewport 2 of 2 (active)');
  await page.keyboard.press('Escape'); // the click started a new shape on the right: cancel it
  await expect(viewer.roiItems()).toHaveCount(1);
  await expect(viewer.roiItems().first()).toContainText('Polyline');
  await expect(counter(left)).toHaveText('Image 41/80');

  await viewer.save();
  const stored = await selectionsOf(s.studyUid);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.instance.map((i) => i.uid)).toEqual([thin[40]!.sopInstanceUid]);
  expect(stored[0]!.instance[0]!.imageRegion2D![0]!.regionType).toBe('polyline');
  expect(coordinates(stored[0]!)).toHaveLength(4);
  expect(consoleErrors).toEqual([]);
});
