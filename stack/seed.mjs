// Seed HAPI FHIR with a Patient and an ImagingStudy per sample study (conditional creates: idempotent).
// Usage: node stack/seed.mjs [fhirBaseUrl]   (default http://127.0.0.1:8080/fhir)
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { MANIFEST } from './lib/paths.mjs';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const FHIR_JSON = 'application/fhir+json';

/** DICOM DA (also lenient forms like 1993.04.30) → FHIR date, or undefined. */
export function fhirDate(da) {
  const m = /^(\d{4})\D?(\d{2})\D?(\d{2})$/.exec(String(da ?? '').trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export function patientResource(study) {
  const [family, ...given] = study.patientName.split('^');
  return {
    resourceType: 'Patient',
    identifier: [{ system: study.patientIdSystem, value: study.patientId }],
    name: [{ family, given: given.filter(Boolean), text: study.patientName.replace(/\^/g, ' ').trim() }],
  };
}

export function imagingStudyResource(study, patientRef) {
  const series = study.series.map((s) => ({
    uid: s.seriesUid,
    number: s.seriesNumber,
    modality: { coding: [{ system: DCM, code: s.modality }] },
    description: s.description,
    numberOfInstances: s.instances.length,
    instance: s.instances.map((i) => ({
      uid: i.sopInstanceUid,
      sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${i.sopClassUid}` },
      number: i.instanceNumber,
    })),
  }));
  const started = fhirDate(study.studyDate);
  return {
    resourceType: 'ImagingStudy',
    identifier: [
      { system: 'urn:dicom:uid', value: `urn:oid:${study.studyUid}` },
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN' }] },
        value: study.accessionNumber,
      },
    ],
    status: 'available',
    modality: [...new Set(study.series.map((s) => s.modality))].map((code) => ({ coding: [{ system: DCM, code }] })),
    subject: { reference: patientRef },
    ...(started ? { started } : {}),
    numberOfSeries: series.length,
    numberOfInstances: series.reduce((n, s) => n + s.numberOfInstances, 0),
    description: study.description,
    series,
  };
}

/** Conditional create; returns 'Type/id' and whether it was newly created. */
async function conditionalCreate(fhirBase, resource, query) {
  const res = await fetch(`${fhirBase}/${resource.resourceType}`, {
    method: 'POST',
    headers: { 'Content-Type': FHIR_JSON, Accept: FHIR_JSON, 'If-None-Exist': query, 'Cache-Control': 'no-cache' },
    body: JSON.stringify(resource),
    signal: AbortSignal.timeout(30000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`FHIR ${resource.resourceType} create failed: HTTP ${res.status} ${text.slice(0, 1000)}`);
  let id = text ? JSON.parse(text).id : undefined;
  if (!id) id = /\/([^/]+)\/_history/.exec(res.headers.get('location') ?? '')?.[1];
  return { ref: `${resource.resourceType}/${id}`, created: res.status === 201 };
}

/** Every study gets a Patient; studies with hasImagingStudy also get an ImagingStudy. */
export async function seedFhir(fhirBase, manifest) {
  let created = 0;
  for (const study of manifest) {
    const enc = encodeURIComponent;
    const p = await conditionalCreate(fhirBase, patientResource(study), `identifier=${enc(study.patientIdSystem)}|${enc(study.patientId)}`);
    created += p.created;
    if (!study.hasImagingStudy) continue;
    const s = await conditionalCreate(fhirBase, imagingStudyResource(study, p.ref), `identifier=${enc('urn:dicom:uid')}|${enc(`urn:oid:${study.studyUid}`)}`);
    created += s.created;
  }
  return created;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const base = process.argv[2] ?? 'http://127.0.0.1:8080/fhir';
  seedFhir(base, JSON.parse(fs.readFileSync(MANIFEST, 'utf8'))).then(
    (n) => console.log(`[stack] FHIR seed: ${n} resource(s) created at ${base}`),
    (e) => {
      console.error(`[stack] FHIR seed failed: ${e.message}`);
      process.exit(1);
    },
  );
}
