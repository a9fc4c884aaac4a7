import { execFileSync } from 'node:child_process';
import { test, expect } from './fixtures';
import { FHIR_VARIANT, observeWrites } from './support/fhirWrites';
import { FHIR_URL, selectionsOf } from './support/fhirServer';
import { sample } from './support/samples';

// The same journeys run against each HAPI configuration of the stack (npm test runs this
// file with transactions on, off, and on PostgreSQL); these tests pin down which one it is
// and that the viewer saw it.

test('the CapabilityStatement says whether transactions exist, and the server means it', async ({ request }) => {
  const cs = (await (await request.get(`${FHIR_URL}/metadata`)).json()) as { rest: Array<{ interaction?: Array<{ code: string }> }> };
  const system = (cs.rest[0]!.interaction ?? []).map((i) => i.code);
  expect(system.includes('transaction')).toBe(FHIR_VARIANT.transactions);
  const res = await request.post(FHIR_URL, {
    data: JSON.stringify({ resourceType: 'Bundle', type: 'transaction' }),
    headers: { 'Content-Type': 'application/fhir+json' },
  });
  if (FHIR_VARIANT.transactions) {
    expect(res.status()).toBe(200);
  } else {
    expect(res.status()).toBe(405);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  }
});

test('Help → Server shows what the viewer found, and saving follows it', async ({ viewer, page }) => {
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('tab', { name: 'Server' }).click();
  const caps = page.getByRole('list', { name: 'Capabilities' });
  await expect(caps).toContainText(FHIR_VARIANT.transactions ? 'Transactions: yes → saving in one transaction' : 'Transactions: no → saving one resource at a time');
  await expect(caps).toContainText('Conditional create: yes');
  await page.getByRole('button', { name: 'Close' }).click();

  const c = await viewer.centre();
  await viewer.useTool('Point');
  await viewer.clickAt(c.x, c.y);
  await expect(viewer.roiItems()).toHaveCount(1);
  const observed = observeWrites(page);
  await viewer.save();
  expect(await observed.creates('ImagingSelection')).toEqual([201]);
  expect(observed.writes.every((w) => w.via === (FHIR_VARIANT.transactions ? 'transaction' : 'request'))).toBe(true);
  expect(await selectionsOf(s.studyUid)).toHaveLength(1);
});

// Registered only in the PostgreSQL run (an H2 run has no database to look into).
if (FHIR_VARIANT.postgres) test('on PostgreSQL, what the viewer saved is in the database', async ({ viewer }) => {
  const psql = (sql: string) =>
    execFileSync('/usr/bin/psql', ['-h', '127.0.0.1', '-p', process.env.POSTGRES_PORT ?? '', '-U', 'postgres', '-d', 'fhir', '-X', '-q', '-t', '-A', '-c', sql], { encoding: 'utf8' }).trim();
  const count = () => Number(psql("SELECT count(*) FROM hfj_resource WHERE res_type = 'ImagingSelection'"));
  const before = count();
  const s = sample('mr-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Point');
  await viewer.clickAt(c.x, c.y);
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();
  expect(count()).toBe(before + 1);
  expect(psql("SELECT count(*) FROM hfj_resource WHERE res_type = 'ImagingSelection' AND res_deleted_at IS NULL")).not.toBe('0');
});

// A server that offers transactions in its CapabilityStatement but refuses one: the viewer
// falls back to per-resource saving once, saves, and remembers (only where transactions exist).
if (FHIR_VARIANT.transactions) test('a refused transaction falls back to per-resource saving, once, and says so', async ({ viewer, page }) => {
  let refused = 0;
  await page.route(/\/fhir\/?$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    refused++;
    await route.fulfill({ status: 405, contentType: 'application/fhir+json', body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'transaction is disabled here' }] }) });
  });
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Point');
  await viewer.clickAt(c.x - 20, c.y);
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();
  await viewer.clickAt(c.x + 20, c.y);
  await expect(viewer.roiItems()).toHaveCount(2);
  await viewer.save();
  expect(refused).toBe(1); // the second save went per resource straight away
  expect(await selectionsOf(s.studyUid)).toHaveLength(2);
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('tab', { name: 'Server' }).click();
  await expect(page.getByRole('list', { name: 'Server problems' })).toContainText('refused a transaction (HTTP 405)');
  await expect(page.getByRole('list', { name: 'Capabilities' })).toContainText('Transactions: no → saving one resource at a time');
});

test('a server without a readable CapabilityStatement: safe assumptions, said in Help → Server, and saving works', async ({ viewer, page }) => {
  await page.route(/\/fhir\/metadata/, (route) => route.fulfill({ status: 404, contentType: 'text/html', body: '<html>Not here</html>' }));
  const s = sample('mr-rle');
  await viewer.openFresh(s.studyUid);
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('tab', { name: 'Server' }).click();
  await expect(page.getByRole('list', { name: 'Server problems' })).toContainText('Reading /metadata failed');
  await expect(page.getByRole('list', { name: 'Capabilities' })).toContainText('These are assumptions');
  await page.getByRole('button', { name: 'Close' }).click();
  const c = await viewer.centre();
  await viewer.useTool('Point');
  await viewer.clickAt(c.x, c.y);
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();
  expect(await selectionsOf(s.studyUid)).toHaveLength(1);
});
