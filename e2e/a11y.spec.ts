import { test, expect } from './fixtures';
import { ViewerPage } from './pages/ViewerPage';
import { sample } from './support/samples';
import { expectNoSeriousA11yViolations } from './support/axe';

test.describe('axe finds no serious or critical accessibility violations', () => {
  test('the study browser, with results', async ({ browser_, page }) => {
    await browser_.goto();
    await browser_.searchByPatientId(sample('ct-small').patientId);
    await expect(browser_.rows().first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test('the viewer with ROIs of each kind (one selected, with its label and finding fields), and its help dialog', async ({ viewer, page }) => {
    await viewer.openFresh(sample('ct-small').studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag({ x: c.x - 80, y: c.y }, { x: c.x - 50, y: c.y });
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.useTool('Point');
    await viewer.clickAt(c.x + 60, c.y + 60);
    await expect(viewer.roiItems()).toHaveCount(2);
    await viewer.useTool('Polyline');
    for (const [dx, dy] of [[20, -80], [80, -60], [60, -20]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
    await page.keyboard.press('c');
    await expect(viewer.roiItems()).toHaveCount(3);
    await viewer.roiItems().first().getByRole('button').first().click();
    await expect(viewer.roiItems().first().getByRole('textbox', { name: 'Label' })).toBeVisible();
    await page.keyboard.press('k'); // keyboard drawing's crosshair and live region too
    await expect(page.getByTestId('crosshair-announce')).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await viewer.tool('Help').click();
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await help.getByRole('tab', { name: 'Server' }).click();
    await expect(page.getByRole('dialog', { name: 'Server' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test('the unsaved-changes dialog', async ({ viewer, page }) => {
    await viewer.openFresh(sample('ct-small').studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag({ x: c.x - 30, y: c.y }, { x: c.x, y: c.y });
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.backToStudies();
    await expect(viewer.leaveDialog()).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test('the save-conflict dialog', async ({ browser, viewer }) => {
    const s = sample('rgb-jpeg');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag(c, { x: c.x + 30, y: c.y });
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.save();
    const other = await browser.newContext();
    const otherViewer = new ViewerPage(await other.newPage());
    await otherViewer.open(s.studyUid);
    await otherViewer.waitForImage();
    await expect(otherViewer.roiItems()).toHaveCount(1);
    await viewer.roiPanel.getByLabel('Label', { exact: true }).fill('from A');
    await viewer.save();
    await otherViewer.roiItems().first().getByRole('button').first().click();
    await otherViewer.roiPanel.getByLabel('Label', { exact: true }).fill('from B');
    await otherViewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(otherViewer.page.getByRole('dialog', { name: 'Save conflict' })).toBeVisible();
    await expectNoSeriousA11yViolations(otherViewer.page);
    await other.close();
  });
});
