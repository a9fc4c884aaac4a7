import { test, expect } from './fixtures';
import { samples, sample } from './support/samples';

const imageStudies = samples().filter((s) => s.key !== 'corrupt-frame');

test.describe('study browser', () => {
  test('lists every sample study and finds one by patient ID', async ({ browser_, page }) => {
    await browser_.goto();
    // The test stack holds exactly the samples; a dev stack may hold more (bench series).
    await expect.poll(() => browser_.rows().count()).toBeGreaterThanOrEqual(Math.min(samples().length, 25));
    const ct = sample('ct-200');
    await browser_.searchByPatientId(ct.patientId);
    await expect(browser_.rows()).toHaveCount(1);
    await expect(browser_.rows().first()).toContainText(ct.patientId);
    await browser_.rows().first().click();
    await expect(page).toHaveURL(new RegExp(`StudyInstanceUIDs=${ct.studyUid}`));
    await expect(page.getByTestId('overlay-image')).toContainText('Image 1/200');
  });

  test('an unknown study says so and offers a way back', async ({ page }) => {
    await page.goto('/?StudyInstanceUIDs=1.2.3.4.5.6.7.8.9');
    await expect(page.getByRole('heading', { name: 'Study not found' })).toBeVisible();
    await page.getByRole('button', { name: 'Back to studies' }).click();
    await expect(page.getByRole('table', { name: 'Studies' })).toBeVisible();
  });
});

test.describe('every sample renders', () => {
  for (const s of imageStudies) {
    test(`${s.key} opens by URL and shows a non-uniform image without console errors`, async ({ viewer, consoleErrors }) => {
      await viewer.open(s.studyUid);
      const stats = await viewer.waitForImage();
      expect(stats.max).toBeGreaterThan(stats.min);
      expect(consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([]);
    });
  }
});

test('a malformed SEG beside an unrelated CT is listed, refused with a message, and the images stay usable', async ({ page, viewer }) => {
  const s = sample('seg'); // a restamped test SEG beside an unrelated CT
  const seg = s.series.find((x) => !x.isImage)!;
  expect(seg.modality).toBe('SEG');
  await viewer.open(s.studyUid);
  const first = await viewer.waitForImage();
  const seriesNav = page.getByRole('navigation', { name: 'Series' });
  // The image series gets a decoded thumbnail; the SEG only its modality.
  await expect(seriesNav.getByRole('button', { name: /CT/ }).locator('img')).toHaveCount(1);
  await expect(seriesNav.getByRole('button', { name: /segmentation/ }).locator('img')).toHaveCount(0);
  await seriesNav.getByRole('button', { name: /segmentation/ }).click();
  await expect(page.getByRole('region', { name: 'Segmentation' }).getByRole('alert')).toHaveText(/has 1 frames but 3 per-frame descriptions/, { timeout: 30_000 });
  expect((await viewer.pixelStats()).checksum).toBe(first.checksum);
  await viewer.useTool('Point');
});

test('a multi-frame image shows frame 5', async ({ viewer, page }) => {
  const s = sample('multiframe-24');
  await viewer.open(s.studyUid);
  const first = await viewer.waitForImage();
  await viewer.goToImage(5);
  await expect(page.getByTestId('overlay-frame')).toHaveText('Frame 5/24');
  await expect.poll(async () => (await viewer.pixelStats()).checksum).not.toBe(first.checksum);
});

test('scrolling reaches slice 200 of the CT series, by wheel, keys and slider', async ({ viewer, page }) => {
  await viewer.open(sample('ct-200').studyUid);
  await viewer.waitForImage();
  const c = await viewer.centre();
  await page.mouse.move(c.x, c.y);
  await page.mouse.wheel(0, 100);
  await expect(viewer.imageCounter()).not.toHaveText('Image 1/200');
  await page.keyboard.press('End');
  await expect(viewer.imageCounter()).toHaveText('Image 200/200');
  await page.keyboard.press('ArrowUp');
  await expect(viewer.imageCounter()).toHaveText('Image 199/200');
  await viewer.goToImage(200);
  await viewer.waitForImage();
});

test('a window/level drag changes the pixels and the W/L readout', async ({ viewer, page }) => {
  // Fresh: an ROI saved on this image by an earlier test would sit under the drag and be moved instead.
  const before = await viewer.openFresh(sample('ct-ankle-implicit').studyUid);
  const voiBefore = await page.getByTestId('overlay-voi').textContent();
  const c = await viewer.centre();
  await viewer.drag(c, { x: c.x + 80, y: c.y + 60 });
  await expect(page.getByTestId('overlay-voi')).not.toHaveText(voiBefore ?? '');
  await expect.poll(async () => (await viewer.pixelStats()).checksum).not.toBe(before.checksum);
});

test('the pointer readout uses TLHC image coordinates', async ({ viewer, page }) => {
  const s = sample('ct-ankle-implicit');
  await viewer.open(s.studyUid);
  await viewer.waitForImage();
  const c = await viewer.centre();
  await page.mouse.move(c.x, c.y);
  await expect(page.getByTestId('overlay-pointer')).toHaveText('x 256.00 y 256.00 px');
});

test('missing geometry still displays, with a note', async ({ viewer, page }) => {
  await viewer.open(sample('no-geometry').studyUid);
  await viewer.waitForImage();
  await expect(page.getByRole('list', { name: 'Notes' })).toContainText('No pixel spacing: lengths and areas in px');
});

test('a frame that fails to decode shows a message on the viewport', async ({ viewer, page }) => {
  const s = sample('corrupt-frame');
  await viewer.open(s.studyUid);
  const stack = s.series[0]!;
  // Walk the stack; the corrupted instance reports, the good one renders.
  for (let i = 1; i <= stack.instances.length; i++) {
    await viewer.goToImage(i);
    await page.waitForTimeout(500);
  }
  await expect(page.getByRole('alert').filter({ hasText: 'could not be displayed' })).toBeVisible();
  await viewer.goToImage(1);
});

test('the help dialog lists the shortcuts', async ({ viewer, page }) => {
  await viewer.open(sample('ct-small').studyUid);
  await viewer.waitForImage();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Ellipse tool');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
