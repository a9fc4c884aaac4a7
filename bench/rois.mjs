// Bench ImagingSelections: built with the project's own serializer
// (src/domain/imaging-selection/serializeSelection.ts, bundled for Node),
// seeded into HAPI with transaction Bundles, removed again afterwards.
import crypto from 'node:crypto';

const FHIR_JSON = 'application/fhir+json';
export const PERFORMER = 'Bench Seeder';

/** Drag target on image 1 of the 200-slice series: a circle nothing else overlaps. */
export const DRAG_TARGET = { centre: [256, 440], edge: [286, 440] };

async function fhir(base, method, url, body) {
  const res = await fetch(url.startsWith('http') ? url : `${base}/${url}`, {
    method,
    headers: { Accept: FHIR_JSON, 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-cache' },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(600_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`FHIR ${method} ${url}: HTTP ${res.status} ${text.slice(0, 800)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Patient and ImagingStudy ids of the bench study (seeded by stack/seed.mjs). */
export async function studyRefs(base, study) {
  const enc = encodeURIComponent;
  const pat = await fhir(base, 'GET', `Patient?identifier=${enc(study.patientIdSystem)}|${enc(study.patientId)}`);
  const ist = await fhir(base, 'GET', `ImagingStudy?identifier=${enc('urn:dicom:uid')}|${enc(`urn:oid:${study.studyUid}`)}`);
  return { patientId: pat.entry?.[0]?.resource?.id, imagingStudyId: ist.entry?.[0]?.resource?.id };
}

const rng = (seed) => () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

/**
 * The full ordered list of bench ROIs; a prefix of length N is the N-ROI
 * stage. First the drag target, then alternately a circle on image 1 (grid,
 * 500 in all) and one elsewhere on the 200-slice series (1,000 ROIs on that
 * series), then the rest spread over the 50- and 500-slice series.
 */
export function benchRois(study, total) {
  const bySlices = Object.fromEntries(study.series.map((s) => [s.slices, s]));
  const s200 = bySlices[200];
  const others = [bySlices[50], bySlices[500]];
  const rand = rng(42);
  const img = (series, inst) => ({ series, inst, image: { studyUid: study.studyUid, seriesUid: series.seriesUid, sopInstanceUid: inst.sopInstanceUid, sopClassUid: inst.sopClassUid } });
  const circle = (where, c, r, label) => ({ ...where, roi: { id: crypto.randomUUID(), image: where.image, label, kind: 'circle', points: [c, [c[0] + r, c[1]]] } });
  const out = [circle(img(s200, s200.instances[0]), DRAG_TARGET.centre, DRAG_TARGET.edge[0] - DRAG_TARGET.centre[0], 'drag target')];
  let grid = 0;
  let spread = 0;
  while (out.length < Math.min(total, 1000)) {
    if (out.length % 2 === 1) {
      const k = grid++; // 25 x 20 grid of small circles on the upper part of image 1
      out.push(circle(img(s200, s200.instances[0]), [40 + (k % 25) * 17.5, 30 + Math.floor(k / 25) * 17], 6, `grid ${k}`));
    } else {
      const inst = s200.instances[1 + (spread++ % (s200.instances.length - 1))];
      out.push(circle(img(s200, inst), [60 + rand() * 390, 60 + rand() * 390], 5 + rand() * 30, `spread ${spread}`));
    }
  }
  for (let k = 0; out.length < total; k++) {
    const series = others[k % 2];
    const inst = series.instances[Math.floor(rand() * series.instances.length)];
    out.push(circle(img(series, inst), [60 + rand() * 390, 60 + rand() * 390], 5 + rand() * 30, `other ${k}`));
  }
  return out;
}

/** The circles among the first n bench ROIs on image 1 of the 200-slice series, as `x,y,r` (TLHC) for the bare page's `circles=`. */
export const circlesOnFirstImage = (list, n) =>
  list
    .slice(0, n)
    .filter((x) => x.inst === x.series.instances[0] && x.series.slices === 200 && x.roi.kind === 'circle')
    .map(({ roi: { points: [c, e] } }) => [c[0], c[1], Math.hypot(e[0] - c[0], e[1] - c[1])].map((v) => +v.toFixed(3)).join(','))
    .join(';');

/** How many of the first n bench ROIs are on image 1 of the 200-slice series. */
export const onFirstImage = (list, n) => list.slice(0, n).filter((x) => x.inst === x.series.instances[0] && x.series.slices === 200).length;

export function toResources(domain, study, refs, list) {
  const issued = new Date().toISOString();
  return list.map(({ roi, series, inst }) =>
    domain.serializeSelection(roi, {
      subject: { reference: `Patient/${refs.patientId}`, identifier: { system: study.patientIdSystem, value: study.patientId } },
      imagingStudyId: refs.imagingStudyId,
      studyUid: study.studyUid,
      seriesUid: series.seriesUid,
      seriesNumber: series.seriesNumber,
      frameOfReferenceUid: series.frameOfReferenceUid,
      instance: { sopInstanceUid: inst.sopInstanceUid, sopClassUid: inst.sopClassUid, instanceNumber: inst.instanceNumber, rows: inst.rows, columns: inst.columns, numberOfFrames: 1 },
      performer: { display: PERFORMER },
      issued,
    }),
  );
}

/** POSTs resources in transaction Bundles of `batch`. */
export async function seed(base, resources, batch = 250) {
  for (let i = 0; i < resources.length; i += batch) {
    const entry = resources.slice(i, i + batch).map((resource) => ({ fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource, request: { method: 'POST', url: 'ImagingSelection' } }));
    await fhir(base, 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry });
  }
}

/** Ids of every live ImagingSelection of the study. */
async function ids(base, studyUid) {
  const out = [];
  let bundle = await fhir(base, 'GET', `ImagingSelection?study-uid=${encodeURIComponent(studyUid)}&_elements=id&_count=1000`);
  for (;;) {
    for (const e of bundle.entry ?? []) if (e.resource?.id) out.push(e.resource.id);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (!next) return out;
    const u = new URL(next);
    bundle = await fhir(base, 'GET', `${base.replace(/\/fhir$/, '')}${u.pathname}${u.search}`);
  }
}

/** Ids of the Observations derived from these selections (the viewer's measurement groups and measurements). */
async function derivedObservations(base, selectionIds) {
  const out = [];
  for (let i = 0; i < selectionIds.length; i += 40) {
    const refs = selectionIds.slice(i, i + 40).map((id) => `ImagingSelection/${id}`).join(',');
    let bundle = await fhir(base, 'GET', `Observation?derived-from=${encodeURIComponent(refs)}&_elements=id&_count=1000`);
    for (;;) {
      for (const e of bundle.entry ?? []) if (e.resource?.id) out.push(e.resource.id);
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (!next) break;
      const u = new URL(next);
      bundle = await fhir(base, 'GET', `${base.replace(/\/fhir$/, '')}${u.pathname}${u.search}`);
    }
  }
  return [...new Set(out)];
}

/**
 * Deletes every ImagingSelection of the study, with the Observations derived from them (the server
 * refuses to delete a selection something still references; it checks at the end of a transaction,
 * so each selection goes in the same transaction as its Observations).
 */
export async function removeAll(base, studyUid) {
  const all = await ids(base, studyUid);
  for (let i = 0; i < all.length; i += 200) {
    const chunk = all.slice(i, i + 200);
    const observations = await derivedObservations(base, chunk);
    const entry = [...observations.map((id) => `Observation/${id}`), ...chunk.map((id) => `ImagingSelection/${id}`)].map((url) => ({ request: { method: 'DELETE', url } }));
    await fhir(base, 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry });
  }
  return all.length;
}

/**
 * The network reference for loading ROIs: the same search the viewer makes
 * (study-uid, status:not, _count=200, every next page) through serve.mjs,
 * gzip, keep-alive, bodies read but not parsed. Returns ms and resource count.
 */
export async function fetchSearchBundles(viewerUrl, studyUid) {
  const t0 = performance.now();
  let url = `${viewerUrl}/fhir/ImagingSelection?study-uid=${encodeURIComponent(studyUid)}&status%3Anot=entered-in-error&_count=200`;
  let n = 0;
  for (;;) {
    const res = await fetch(url, { headers: { Accept: FHIR_JSON, 'Cache-Control': 'no-cache', 'Accept-Encoding': 'gzip' } });
    const text = await res.text();
    if (!res.ok) throw new Error(`search: HTTP ${res.status}`);
    // Only the paging link and the entry count are looked at (regex, no JSON.parse).
    n += (text.match(/"resourceType":\s*"ImagingSelection"/g) ?? []).length;
    const next = /"relation":\s*"next",\s*"url":\s*"([^"]+)"/.exec(text)?.[1];
    if (!next) break;
    const u = new URL(next.replace(/\\u0026/g, '&'));
    url = `${viewerUrl}${u.pathname}${u.search}`;
  }
  return { ms: performance.now() - t0, count: n };
}
