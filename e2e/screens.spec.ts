import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { sample } from './support/samples';

/** Text that means a broken readout, and characters that render as empty boxes without a matching font. */
const BROKEN = /NaN|undefined|null|Infinity|\[object /;
// U+FFFD replacement, U+25A1 white square, U+FF00–FFEF fullwidth forms (the old zoom glyphs), private use area.
const BOX_GLYPH = /[\uFFFD\u25A1\uFF00-\uFFEF\uE000-\uF8FF]/u;

/** Everything a user can read: the DOM's visible text, the SVG layers' text, and accessible names in attributes. */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const t of document.querySelectorAll('svg text')) parts.push(t.textContent ?? '');
    for (const el of document.querySelectorAll('[aria-label], [title]')) parts.push(el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '');
    return parts.join('\n');
  });
}

async function look(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  await test.info().attach(name, { path: test.info().outputPath(`${name}.png`), contentType: 'image/png' });
  const text = await readableText(page);
  expect(text).not.toMatch(BROKEN);
  expect(text).not.toMatch(BOX_GLYPH);
}

test('the main screens, looked at: no NaN or undefined, no empty-box glyphs', async ({ viewer, browser_, page }) => {
  await browser_.goto();
  await browser_.searchByPatientId(sample('ct-small').patientId);
  await expect(browser_.rows().first()).toBeVisible();
  await look(page, 'study-browser');

  await viewer.openFresh(sample('ct-small').studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Ellipse');
  await viewer.drag({ x: c.x - 90, y: c.y - 30 }, { x: c.x - 20, y: c.y + 20 });
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.useTool('Point');
  await viewer.clickAt(c.x + 70, c.y + 50);
  await expect(viewer.roiItems()).toHaveCount(2);
  await viewer.useTool('Polyline');
  for (const [dx, dy] of [[10, -100], [80, -70], [50, -20]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
  await page.keyboard.press('Enter');
  await expect(viewer.roiItems()).toHaveCount(3);
  await expect.poll(async () => Object.keys(await viewer.roiTexts()).length).toBe(3);
  await look(page, 'viewer-with-rois');

  await page.keyboard.press('k');
  await expect(page.getByTestId('crosshair-announce')).toBeVisible();
  await look(page, 'viewer-keyboard-drawing');
  await page.keyboard.press('k');

  await viewer.tool('Help').click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await look(page, 'help-dialog');
  await page.keyboard.press('Escape');

  await viewer.backToStudies();
  await expect(viewer.leaveDialog()).toBeVisible();
  await look(page, 'unsaved-changes-dialog');
});

test('the comparison layout, looked at: both viewports labelled, no broken text', async ({ viewer, page }) => {
  await viewer.open(sample('ct-compare').studyUid, '&layout=1x2');
  await viewer.waitForImage();
  await expect(page.getByRole('region', { name: /^Viewport 2 of 2/ }).getByTestId('overlay-image')).toHaveText(/\/20$/);
  await look(page, 'viewer-comparison-1x2');
});
