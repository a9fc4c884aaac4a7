import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { selectionsOf } from './support/fhirServer';
import type { Page } from '@playwright/test';

/** Largest channel value in a screenshot of a page region (PNG decoded in the page). */
async function brightest(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<number> {
  const png = (await page.screenshot({ clip })).toString('base64');
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let max = 0;
    for (let i = 0; i < data.length; i += 4) max = Math.max(max, data[i]!, data[i + 1]!, data[i + 2]!);
    return max;
  }, png);
}

test('a frame that fails to decode blanks the viewport, says so, and refuses drawing until a good image is shown', async ({ viewer, page }) => {
  const s = sample('corrupt-frame');
  await viewer.openFresh(s.studyUid); // image 1 is the good JPEG
  const b = await viewer.box();
  const region = { x: Math.round(b.x + b.width * 0.15), y: Math.round(b.y + b.height * 0.55), width: Math.round(b.width * 0.3), height: Math.round(b.height * 0.2) };
  expect(await brightest(page, region)).toBeGreaterThan(40); // the good image is there

  await viewer.useTool('Circle');
  await viewer.goToImage(2);
  await expect(page.getByRole('alert').filter({ hasText: 'This image could not be displayed' })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => brightest(page, region)).toBeLessThan(8); // no stale pixels of image 1
  const hint = viewer.roiPanel.getByRole('status').filter({ hasText: 'cannot be drawn on' });
  await expect(hint).toBeVisible();
  await expect(viewer.tool('Select')).toHaveAttribute('aria-pressed', 'true');

  // Picking a drawing tool and dragging on the image draws nothing.
  await viewer.tool('Circle').click();
  await expect(viewer.tool('Select')).toHaveAttribute('aria-pressed', 'true');
  const c = await viewer.centre();
  await viewer.drag({ x: c.x - 100, y: c.y + 60 }, { x: c.x - 60, y: c.y + 60 });
  await page.waitForTimeout(500);
  await expect(viewer.roiItems()).toHaveCount(0);
  await expect(hint).toBeVisible();

  // Back on a decodable image, drawing works again.
  await viewer.goToImage(1);
  await expect(hint).toHaveCount(0);
  await expect.poll(() => brightest(page, region)).toBeGreaterThan(40);
  await viewer.useTool('Circle');
  await viewer.drag({ x: c.x - 100, y: c.y + 60 }, { x: c.x - 60, y: c.y + 60 });
  await expect(viewer.roiItems()).toHaveCount(1);
  await expect(viewer.roiItems().first()).toContainText('image 1');
  await viewer.save();
  const stored = await selectionsOf(s.studyUid);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.instance[0]!.uid).toBe(s.series[0]!.instances.find((i) => i.instanceNumber === 1)!.sopInstanceUid);
});
