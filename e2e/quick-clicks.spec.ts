import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import type { ViewerPage } from './pages/ViewerPage';
import { sample } from './support/samples';
import { selectionsOf } from './support/fhirServer';

const CT = () => sample('ct-ankle-implicit');

/** Where a button is, so the test can press it with no actionability wait. */
async function centreOf(viewer: ViewerPage, name: string): Promise<{ x: number; y: number }> {
  const b = (await viewer.toolbar.getByRole('button', { name, exact: true }).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Quick clicks, one every `gapMs`: no pause for Cornerstone's 400 ms double-click window. */
async function quickPoints(viewer: ViewerPage, points: Array<{ x: number; y: number }>, gapMs: number): Promise<void> {
  for (const [k, p] of points.entries()) {
    if (k > 0) await viewer.page.waitForTimeout(gapMs);
    await viewer.page.mouse.click(p.x, p.y);
  }
}

/**
 * Clicks at each point in order with no round trip between them: the input
 * events go down one CDP session, which the browser handles in order, so a
 * busy test machine cannot stretch the gaps. Returns the gaps between each
 * mouse-up and the next mouse-down as the page saw them (ms).
 */
async function clicksBackToBack(page: Page, points: Array<{ x: number; y: number }>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __times: Array<[string, number]> };
    w.__times = [];
    for (const type of ['mousedown', 'mouseup']) window.addEventListener(type, (e) => w.__times.push([type, e.timeStamp]), true);
  });
  const cdp = await page.context().newCDPSession(page);
  const sent: Array<Promise<unknown>> = [];
  for (const { x, y } of points) {
    sent.push(cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y }));
    sent.push(cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', buttons: 1, clickCount: 1 }));
    sent.push(cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', buttons: 0, clickCount: 1 }));
  }
  await Promise.all(sent);
  await cdp.detach();
  const times = await page.evaluate(() => (window as unknown as { __times: Array<[string, number]> }).__times);
  const gaps: number[] = [];
  for (let k = 1; k < times.length; k++) if (times[k]![0] === 'mousedown' && times[k - 1]![0] === 'mouseup') gaps.push(times[k]![1] - times[k - 1]![1]);
  return gaps;
}

async function panelIds(viewer: ViewerPage): Promise<string[]> {
  return (await viewer.roiItems().evaluateAll((els) => els.map((e) => e.getAttribute('data-roi-id') ?? ''))).sort();
}

async function storedIds(studyUid: string): Promise<string[]> {
  const stored = await selectionsOf(studyUid);
  return stored.map((s) => (s.identifier ?? []).map((i) => i.value).find((v) => v.startsWith('urn:uuid:'))!.slice('urn:uuid:'.length)).sort();
}

test.describe('quick clicks are never lost', () => {
  test('three Points 250 ms apart, then Save within 100 ms: the server stores all three and the panel shows them', async ({ viewer, page }) => {
    const s = CT();
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Point');
    const save = await centreOf(viewer, 'Save');
    await quickPoints(viewer, [{ x: c.x - 90, y: c.y - 40 }, { x: c.x, y: c.y + 30 }], 250);
    await page.waitForTimeout(250);
    const [gap] = await clicksBackToBack(page, [{ x: c.x + 80, y: c.y - 20 }, save]);
    expect(gap).toBeLessThan(100); // Save pressed well inside the 400 ms double-click window
    await expect(page.getByRole('status').filter({ hasText: /^Saved 3 region/ })).toBeVisible();
    await expect(viewer.roiItems()).toHaveCount(3);
    const ids = await panelIds(viewer);
    expect(await storedIds(s.studyUid)).toEqual(ids);
    await expect(viewer.saveStatus()).toHaveText('All saved');
  });

  test('two Points, then Ctrl+S at once: both are stored', async ({ viewer, page }) => {
    const s = CT();
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Point');
    await quickPoints(viewer, [{ x: c.x - 60, y: c.y }, { x: c.x + 60, y: c.y + 10 }], 250);
    await page.keyboard.press('Control+s');
    await expect(page.getByRole('status').filter({ hasText: /^Saved 2 region/ })).toBeVisible();
    expect(await storedIds(s.studyUid)).toEqual(await panelIds(viewer));
    expect(await panelIds(viewer)).toHaveLength(2);
  });

  test('a Point, then a tool button or a tool shortcut at once: the Point is made with the Point tool', async ({ viewer, page }) => {
    const s = CT();
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Point');
    const circle = await centreOf(viewer, 'Circle');
    await page.mouse.click(c.x - 50, c.y - 50);
    await page.mouse.click(circle.x, circle.y);
    await expect(viewer.tool('Circle')).toHaveAttribute('aria-pressed', 'true');
    await expect(viewer.roiItems()).toHaveCount(1);
    await expect(viewer.roiItems().first()).toContainText('Point');

    await viewer.useTool('Point');
    await page.mouse.click(c.x + 50, c.y + 50);
    await page.keyboard.press('e');
    await expect(viewer.tool('Ellipse')).toHaveAttribute('aria-pressed', 'true');
    await expect(viewer.roiItems()).toHaveCount(2);
    await expect(viewer.roiItems().nth(1)).toContainText('Point');
  });
});
