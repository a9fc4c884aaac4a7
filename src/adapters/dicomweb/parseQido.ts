import { asNumber, asString, asStrings, formatPersonName, naturalize, parseDicomDate, type DicomJson } from './dicomJson';
import type { SeriesSummary, StudySummary } from './models';

/** Modalities whose series carry no pixel data the viewer can annotate. */
const NON_IMAGE_MODALITIES = new Set(['SR', 'SEG', 'RTSTRUCT', 'RTPLAN', 'RTDOSE', 'PR', 'KO', 'DOC', 'REG', 'FID', 'RWV', 'ECG', 'HD', 'AU', 'PLAN']);

export function isImageModality(modality: string | undefined): boolean {
  return !NON_IMAGE_MODALITIES.has((modality ?? '').toUpperCase());
}

function asArray(json: unknown): DicomJson[] {
  return Array.isArray(json) ? json.filter((x): x is DicomJson => typeof x === 'object' && x !== null) : [];
}

export function parseStudies(json: unknown): StudySummary[] {
  const out: StudySummary[] = [];
  for (const ds of asArray(json)) {
    const n = naturalize(ds);
    const studyUid = asString(n.StudyInstanceUID);
    if (!studyUid) continue;
    out.push({
      studyUid,
      patientName: formatPersonName(asString(n.PatientName)),
      patientId: asString(n.PatientID) ?? '',
      studyDate: parseDicomDate(asString(n.StudyDate)),
      accessionNumber: asString(n.AccessionNumber),
      description: asString(n.StudyDescription),
      modalities: asStrings(n.ModalitiesInStudy),
      numberOfSeries: asNumber(n.NumberOfStudyRelatedSeries),
      numberOfInstances: asNumber(n.NumberOfStudyRelatedInstances),
    });
  }
  return out;
}

export function parseSeries(json: unknown): SeriesSummary[] {
  const out: SeriesSummary[] = [];
  for (const ds of asArray(json)) {
    const n = naturalize(ds);
    const seriesUid = asString(n.SeriesInstanceUID);
    if (!seriesUid) continue;
    const modality = asString(n.Modality) ?? '';
    out.push({
      seriesUid,
      modality,
      description: asString(n.SeriesDescription),
      seriesNumber: asNumber(n.SeriesNumber),
      numberOfInstances: asNumber(n.NumberOfSeriesRelatedInstances),
      isImage: isImageModality(modality),
    });
  }
  return out.sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity));
}
