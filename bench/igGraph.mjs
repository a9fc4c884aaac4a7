// Issue "Write what the standard means": the IG resource graph per ROI (image-region-2d selection,
// measurement group, measurements), serialised and parsed in Node, and saved to the FHIR server,
// each against a reference measured in the same run.
import crypto from 'node:crypto';

const FHIR_JSON = 'application/fhir+json';
const STATS = { mean: 41.25, stdDev: 12.5, min: -20, max: 180 };

/** n ROIs of the four drawn kinds on one 512×512 CT image with 0.7 mm pixels. */
function graphRois(image, n) {
  return Array.from({ length: n }, (_, i) => {
    const id = crypto.randomUUID();
    const c = [100 + (i % 300), 100 + ((i * 7) % 300)];
    switch (i % 4) {
      case 0: return { id, image, label: `c${i}`, kind: 'circle', points: [c, [c[0] + 10.25, c[1]]] };
      case 1: return { id, image, label: `e${i}`, kind: 'ellipse', points: [[c[0] - 20, c[1]], [c[0] + 20, c[1]], [c[0], c[1] - 10], [c[0], c[1] + 10]] };
      case 2: return { id, image, label: `p${i}`, kind: 'polyline', closed: true, points: Array.from({ length: 32 }, (_, k) => [c[0] + 20 * Math.cos(k / 5.09) + 0.125, c[1] + 20 * Math.sin(k / 5.09)]) };
      default: return { id, image, label: '', kind: 'point', points: [[c[0] + 0.5, c[1] + 0.5]] };
    }
  });
}

/** Everything one ROI writes, as the viewer's save builds it (src/store/measurementWrites.ts). */
function graphOf(domain, roi, ctx, device) {
  const selection = domain.serializeSelection(roi, ctx);
  const figures = domain.roiFigures(roi, [0.7, 0.7], roi.kind === 'point' ? undefined : STATS, 'CT');
  const writes = domain.serializeMeasurements(roi, figures, {
    subject: ctx.subject, studyUid: ctx.studyUid, imagingStudyId: ctx.imagingStudyId, accessionNumber: ctx.accessionNumber,
    performer: ctx.performer, issued: ctx.issued, device: `urn:uuid:${device.uuid}`, selection: `urn:uuid:${roi.id}`,
  });
  return { selection, writes };
}

function contextFor(study, refs, image, inst) {
  return {
    subject: { reference: `Patient/${refs.patientId}`, identifier: { system: study.patientIdSystem, value: study.patientId } },
    imagingStudyId: refs.imagingStudyId,
    studyUid: image.studyUid,
    seriesUid: image.seriesUid,
    seriesNumber: 1,
    accessionNumber: 'BENCH-1',
    instance: { sopInstanceUid: image.sopInstanceUid, sopClassUid: image.sopClassUid, instanceNumber: 1, rows: inst?.rows ?? 512, columns: inst?.columns ?? 512, numberOfFrames: 1 },
    performer: { display: 'Bench' },
    issued: new Date().toISOString(),
  };
}

/**
 * Serialise + parse the whole graph of n ROIs (selection, group, measurements; the parse as a load
 * does it: parseSelection with a study index, parseMeasurements of the stored Observations) against
 * JSON.stringify + JSON.parse of the same resources. Medians of 7 interleaved repetitions.
 */
export async function igSerializationRun(domain, n = 2000) {
  const image = { studyUid: '1.2.3', seriesUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
  const ctx = contextFor({ patientIdSystem: 'urn:oid:1.2.3.4', patientId: 'MRN-42' }, { patientId: 'p1', imagingStudyId: 'study-1' }, image);
  const index = new Map([[image.sopInstanceUid, { rows: 512, columns: 512, frames: 1, seriesUid: image.seriesUid, sopClassUid: image.sopClassUid }]]);
  const device = domain.viewerDevice('bench');
  const rois = graphRois(image, n);
  const time = (f) => {
    const t0 = performance.now();
    const r = f();
    return [performance.now() - t0, r];
  };
  const reps = { serialize: [], parse: [], stringify: [], jsonParse: [] };
  let resources = 0;
  let bytes = 0;
  for (let k = 0; k < 7; k++) {
    // Between repetitions (not inside a timed phase): let timers run, see run.mjs idle().
    await new Promise((r) => setTimeout(r, 0));
    const [ts, graphs] = time(() => rois.map((r) => graphOf(domain, r, ctx, device)));
    // As the server returns them: ids in place of the transaction's urn:uuid references.
    const stored = graphs.map((g, i) => {
      const sel = `ImagingSelection/s${i}`;
      const ids = new Map(g.writes.measurements.map((m, j) => [m.fullUrl, `Observation/m${i}-${j}`]));
      return {
        selection: { ...g.selection, id: `s${i}` },
        observations: [
          { ...g.writes.group.resource, id: `g${i}`, derivedFrom: [{ reference: sel }], hasMember: g.writes.group.resource.hasMember?.map((h) => ({ reference: ids.get(h.reference) })) },
          ...g.writes.measurements.map((m, j) => ({ ...m.resource, id: `m${i}-${j}`, derivedFrom: [{ reference: sel }] })),
        ],
      };
    });
    const flat = stored.flatMap((s) => [s.selection, ...s.observations]);
    const [tp, parsed] = time(() => {
      const sels = stored.map((s) => domain.parseSelection(s.selection, index));
      const meas = domain.parseMeasurements(stored.flatMap((s) => s.observations));
      return { sels, meas };
    });
    const bad = parsed.sels.filter((p) => p.rois.length !== 1).length + (n - parsed.meas.bySelection.size);
    if (bad) throw new Error(`${bad} ROI graph(s) did not round-trip`);
    const [tj, strings] = time(() => flat.map((r) => JSON.stringify(r)));
    const [tjp] = time(() => strings.map((t) => JSON.parse(t)));
    reps.serialize.push(ts);
    reps.parse.push(tp);
    reps.stringify.push(tj);
    reps.jsonParse.push(tjp);
    resources = flat.length;
    bytes = strings.reduce((a, t) => a + t.length, 0);
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = Object.fromEntries(Object.entries(reps).map(([k, v]) => [k, med(v)]));
  return { ...m, domain: m.serialize + m.parse, json: m.stringify + m.jsonParse, resources, bytes };
}

async function fhir(base, method, path, body) {
  const res = await fetch(`${base}/${path}`, { method, headers: { Accept: FHIR_JSON, 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-cache' }, body: body && JSON.stringify(body), signal: AbortSignal.timeout(600_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`FHIR ${method} ${path}: HTTP ${res.status} ${text.slice(0, 600)}`);
  return text ? JSON.parse(text) : undefined;
}

/** The viewer's save changes for n new ROIs on `sample`'s first image: each with its group and measurements. */
function newChanges(domain, sample, refs, n) {
  const series = sample.series.find((s) => s.isImage) ?? sample.series[0];
  const inst = series.instances[0];
  const image = { studyUid: sample.studyUid, seriesUid: series.seriesUid, sopInstanceUid: inst.sopInstanceUid, sopClassUid: inst.sopClassUid };
  const scale = Math.min(inst.rows ?? 512, inst.columns ?? 512) / 512;
  const rois = graphRois(image, n).map((r) => ({ ...r, points: r.points.map(([x, y]) => [x * scale, y * scale]) }));
  const ctx = contextFor(sample, refs, image, inst);
  const device = domain.viewerDevice('bench');
  const deviceWrite = { op: 'create-once', resource: device.resource, fullUrl: `urn:uuid:${device.uuid}`, identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${device.uuid}` } };
  const upsert = (w) => ({ op: 'upsert', resource: w.resource, fullUrl: w.fullUrl, identifier: { system: 'urn:dicom:uid', value: `urn:oid:${w.uid}` } });
  return rois.map((roi) => {
    const { selection, writes } = graphOf(domain, roi, ctx, device);
    return { op: 'create', resource: selection, identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${roi.id}` }, related: [deviceWrite, upsert(writes.group), ...writes.measurements.map(upsert)] };
  });
}

/** Deletes what a save created (one transaction: HAPI checks references at its end). */
async function remove(base, refs) {
  for (let i = 0; i < refs.length; i += 2000) {
    await fhir(base, 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry: refs.slice(i, i + 2000).map((url) => ({ request: { method: 'DELETE', url } })) });
  }
}

function createdRefs(bundle) {
  return (bundle.entry ?? []).map((e) => e.response?.location?.replace(/\/_history\/.*$/, '')).filter((l) => l && !l.startsWith('Device/'));
}

/**
 * Saving n new ROIs with their Observations: the viewer's save path (saveChanges: build the
 * transaction, send it through FhirClient, parse the answer per change) against Node posting the
 * same transaction Bundle to the same server. Order alternates between runs.
 */
export async function igSaveComparison(domain, base, sample, refs, n, runIndex) {
  const client = new domain.FhirClient({ baseUrl: base, fetch: (u, i) => fetch(u, i) });
  const out = {};
  const modes = runIndex % 2 === 0 ? ['viewer', 'node'] : ['node', 'viewer'];
  let entries = 0;
  for (const mode of modes) {
    const changes = newChanges(domain, sample, refs, n);
    const bundle = domain.buildSaveTransaction(changes, base);
    entries = bundle.entry.length;
    let made;
    const t0 = performance.now();
    if (mode === 'viewer') {
      const saved = await domain.saveChanges(client, changes, { transaction: true, conditionalCreate: true });
      out.viewer = performance.now() - t0;
      if (saved.filter((s) => s.status === 201).length !== n) throw new Error(`viewer: expected ${n} creates`);
      made = saved.flatMap((s) => [`ImagingSelection/${s.resourceId}`, ...(s.related ?? []).map((r) => `Observation/${r.resourceId}`)]);
    } else {
      const res = await fhir(base, 'POST', '', bundle);
      out.node = performance.now() - t0;
      made = createdRefs(res);
    }
    // Observations first in the list is not needed (one transaction), but keeps the intent readable.
    await remove(base, [...made.filter((r) => r.startsWith('Observation/')), ...made.filter((r) => r.startsWith('ImagingSelection/'))]);
  }
  return { ...out, entries };
}

