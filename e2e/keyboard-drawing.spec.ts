import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { coordinates, selectionsOf } from './support/fhirServer';

test('keyboard only: a Point and a closed polygon placed with arrows and Enter are stored exactly where announced', async ({ viewer, page }) => {
  const s = sample('ct-small'); // 128 × 128: the crosshair starts on pixel centre (64.5, 64.5)
  await viewer.openFresh(s.studyUid);
  const announce = page.getByTestId('crosshair-announce');
  const press = async (key: string, times = 1) => {
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
  };

  await press('p'); // Point tool
  await expect(viewer.tool('Point')).toHaveAttribute('aria-pressed', 'true');
  await press('k'); // keyboard drawing
  await expect(viewer.tool('Keyboard drawing')).toHaveAttribute('aria-pressed', 'true');
  await expect(announce).toContainText('Crosshair at column 64.5, row 64.5');
  await press('ArrowRight', 3);
  await press('Shift+ArrowUp');
  await press('ArrowDown');
  await expect(announce).toContainText('Crosshair at column 67.5, row 55.5');
  await press('Enter');
  await expect(viewer.roiItems()).toHaveCount(1);

  await press('l'); // Polyline tool
  await expect(viewer.tool('Polyline')).toHaveAttribute('aria-pressed', 'true');
  await press('Shift+ArrowLeft', 2); // (47.5, 55.5)
  await press('Enter');
  await press('Shift+ArrowDown', 3); // (47.5, 85.5)
  await press('Enter');
  await press('Shift+ArrowRight', 3);
  await press('ArrowRight', 2); // (79.5, 85.5)
  await expect(announce).toContainText('Crosshair at column 79.5, row 85.5; 2 points placed');
  await press('Enter');
  await press('c'); // close
  await expect(viewer.roiItems()).toHaveCount(2);
  await expect(viewer.roiItems().nth(1)).toContainText('Polyline (closed)');

  await press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: /^Saved 2 region/ })).toBeVisible();
  const stored = await selectionsOf(s.studyUid);
  const byType = Object.fromEntries(stored.map((x) => [x.instance[0]!.imageRegion2D![0]!.regionType, coordinates(x)]));
  expect(byType['point']).toEqual([67.5, 55.5]);
  expect(byType['polyline']).toEqual([47.5, 55.5, 47.5, 85.5, 79.5, 85.5, 47.5, 55.5]);
});

test('a dialog keeps focus inside while open and gives it back when it closes', async ({ viewer, page }) => {
  await viewer.openFresh(sample('ct-small').studyUid);
  const help = viewer.tool('Help');
  await help.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement) || document.activeElement === document.body)).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(help).toBeFocused();
});
