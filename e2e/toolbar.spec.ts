import { test, expect } from './fixtures';
import { sample } from './support/samples';

test('every toolbar button has a bundled SVG icon and a clean accessible name; toggles show their pressed state', async ({ viewer, page }) => {
  await viewer.openFresh(sample('ct-small').studyUid);
  const buttons = viewer.toolbar.getByRole('button');
  const n = await buttons.count();
  expect(n).toBeGreaterThanOrEqual(15);
  for (let i = 0; i < n; i++) {
    const b = buttons.nth(i);
    // The name is words, never a glyph that needs a font the machine may not have.
    const name = (await b.getAttribute('aria-label')) ?? (await b.innerText());
    expect(name).toMatch(/^[A-Za-z][A-Za-z /]*$/);
    const icon = b.locator('svg');
    await expect(icon).toHaveCount(1);
    await expect(icon).toHaveAttribute('aria-hidden', 'true');
    const box = await icon.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(12);
    // An SVG icon draws paths, not text.
    expect(await icon.locator('path, circle, rect, line, polyline, ellipse').count()).toBeGreaterThan(0);
    expect(await icon.locator('text').count()).toBe(0);
  }
  for (const name of ['Zoom in', 'Zoom out']) await expect(viewer.tool(name)).toBeVisible();

  const invert = viewer.tool('Invert');
  await expect(invert).toHaveAttribute('aria-pressed', 'false');
  await invert.click();
  await expect(invert).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('r'); // Fit and reset also un-inverts
  await expect(invert).toHaveAttribute('aria-pressed', 'false');
});
