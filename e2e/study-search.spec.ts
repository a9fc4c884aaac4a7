import { test, expect } from './fixtures';
import { sample } from './support/samples';

test.describe('finding studies the way people type them', () => {
  test('a name as displayed, in DICOM form and by its start; results come while typing', async ({ browser_, page }) => {
    await browser_.goto();
    const name = page.getByLabel('Patient name');
    const patient = browser_.table.getByRole('link', { name: 'Sample, Ct200' });
    for (const typed of ['Sample, Ct200', 'Sample^Ct200', 'sample, ct2']) {
      await name.fill('');
      await name.pressSequentially(typed, { delay: 20 }); // no Enter, no Search button
      await expect(patient).toBeVisible();
      await expect(browser_.rows()).toHaveCount(1);
    }
  });

  test('a patient ID by its start, newest study first', async ({ browser_, page }) => {
    await browser_.goto();
    await page.getByLabel('Patient ID').fill('ROIV-1');
    // The list first shows every study; wait for the typed search's answer.
    const idsNow = () => browser_.rows().locator('td:nth-child(2)').allTextContents();
    await expect.poll(async () => { const ids = await idsNow(); return ids.length > 3 && ids.every((id) => id.startsWith('ROIV-1')); }).toBe(true);
    const ids = await idsNow();
    expect(ids.every((id) => id.startsWith('ROIV-1'))).toBe(true);
    const dates = (await browser_.rows().locator('td:nth-child(3)').allTextContents()).filter(Boolean);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(ids).toContain(sample('ct-200').patientId);
  });

  test('a reversed date range is explained, not answered with "No studies match"', async ({ browser_, page }) => {
    await browser_.goto();
    await page.getByLabel('From').fill('2024-06-02');
    await page.getByLabel('To').fill('2024-06-01');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByTestId('search-problem')).toContainText('The date range is reversed');
    await expect(page.getByText('No studies match this search.')).toHaveCount(0);
    await page.getByLabel('From').fill('2024-06-01');
    await expect(page.getByTestId('search-problem')).toHaveCount(0);
    await expect(browser_.table.getByRole('link', { name: 'Sample, Ct200' })).toBeVisible();
  });
});
