import type { Finding, ImageRef, Point2, Roi } from '../roi/Roi';
import type { Issue } from './Issue';
import type { StudyIndex } from './StudyIndex';
import { isRecord, list, preview, str, stripOid, type Json } from './readJson';
import { firstOutside, readCoordinates } from './readCoordinates';
import { readFrames } from './readFrames';
import { deriveRoiId, UUID_PATTERN } from './deriveRoiId';
import { URI_SYSTEM } from './ImagingSelection';
import type { FromRegion, RoiBase } from './regions/RegionMapping';
import { pointFromRegion } from './regions/point';
import { polylineFromRegion } from './regions/polyline';
import { interpolatedFromRegion } from './regions/interpolated';
import { circleFromRegion } from './regions/circle';
import { ellipseFromRegion } from './regions/ellipse';
import { multipointFromRegion } from './regions/multipoint';

/** What the server said about the resource a ROI came from. */
export interface ServerInfo {
  readonly resourceId: string;
  readonly versionId?: string;
  readonly author?: string;
  readonly authorRef?: string;
  readonly issued?: string;
  /** The first `focus` reference (an adopted region's source SR content item), kept so an update writes it again. */
  readonly focus?: string;
}

/** Statuses a shown ROI can have; entered-in-error resources yield no ROI. */
export type ShownStatus = 'available' | 'unknown' | 'inactive';

export interface ParsedRoi {
  readonly roi: Roi;
  /** Present when the resource has a server id. */
  readonly server?: ServerInfo;
  readonly status: ShownStatus;
}

export interface ParseResult {
  readonly rois: ParsedRoi[];
  readonly issues: Issue[];
}

const FROM_REGION: Record<string, (points: readonly Point2[], base: RoiBase) => FromRegion<Roi>> = {
  point: pointFromRegion,
  polyline: polylineFromRegion,
  interpolated: interpolatedFromRegion,
  circle: circleFromRegion,
  ellipse: ellipseFromRegion,
  multipoint: multipointFromRegion,
};

function studyUidOf(resource: Json): string | undefined {
  const direct = str(resource.studyUid);
  if (direct) return direct;
  for (const ref of list(resource.derivedFrom)) {
    const value = isRecord(ref) && isRecord(ref.identifier) ? str(ref.identifier.value) : undefined;
    if (value && /^urn:oid:/i.test(value)) return stripOid(value);
  }
  return undefined;
}

function ownUuid(resource: Json): string | undefined {
  for (const id of list(resource.identifier)) {
    const value = isRecord(id) ? str(id.value) : undefined;
    if (!value || !/^urn:uuid:/i.test(value)) continue;
    if (isRecord(id) && id.system !== undefined && id.system !== URI_SYSTEM) continue;
    const uuid = value.slice('urn:uuid:'.length).toLowerCase();
    if (UUID_PATTERN.test(uuid)) return uuid;
  }
  return undefined;
}

function labelAndFinding(resource: Json): { label: string; finding?: Finding } {
  let label: string | undefined;
  let finding: Finding | undefined;
  for (const cat of list(resource.category)) {
    if (!isRecord(cat)) continue;
    label ??= str(cat.text);
    for (const c of list(cat.coding)) {
      const system = isRecord(c) ? str(c.system) : undefined;
      const code = isRecord(c) ? str(c.code) : undefined;
      if (!finding && isRecord(c) && system && code) {
        const display = str(c.display);
        finding = display ? { system, code, display } : { system, code };
      }
    }
  }
  return finding ? { label: label ?? '', finding } : { label: label ?? '' };
}

function sopClassOf(instance: Json): string | undefined {
  const sc = instance.sopClass;
  // R5: Coding {system, code: 'urn:oid:…'}; R6 ballot: a plain oid or urn.
  const raw = isRecord(sc) ? str(sc.code) : str(sc);
  return raw ? stripOid(raw) : undefined;
}

function serverInfo(resource: Json): ServerInfo | undefined {
  const resourceId = str(resource.id);
  if (!resourceId) return undefined;
  const performer = list(resource.performer)[0];
  const actor = isRecord(performer) && isRecord(performer.actor) ? performer.actor : undefined;
  const info = {
    resourceId,
    versionId: isRecord(resource.meta) ? str(resource.meta.versionId) : undefined,
    author: actor ? str(actor.display) : undefined,
    authorRef: actor ? str(actor.reference) : undefined,
    issued: str(resource.issued),
    focus: list(resource.focus).map((f) => (isRecord(f) ? str(f.reference) : undefined)).find((r) => r !== undefined),
  };
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as unknown as ServerInfo;
}

/** Last resort for resources with neither id nor identifier (files, examples). */
function contentKey(resource: Json): string {
  try {
    return JSON.stringify(resource);
  } catch {
    // Cyclic or BigInt-bearing objects can't come from JSON, but `unknown` allows them.
    return String(resource.studyUid ?? '');
  }
}

interface Candidate {
  readonly base: Omit<RoiBase, 'id'>;
  readonly idParts: readonly (string | number)[];
  readonly regionType: string;
  readonly points: readonly Point2[];
  readonly path: string;
}

/**
 * Reads one ImagingSelection (R5, or R6 ballot shapes) into ROIs: one per 2D
 * region and frame. Never throws; whatever cannot be shown becomes an issue.
 * With `study`, references and coordinates are checked against the open study.
 */
export function parseSelection(resource: unknown, study?: StudyIndex): ParseResult {
  const issues: Issue[] = [];
  if (!isRecord(resource)) {
    return { rois: [], issues: [{ severity: 'error', message: `Not a FHIR resource: ${preview(resource)}` }] };
  }
  const resourceId = str(resource.id);
  const issue = (severity: Issue['severity'], message: string, path?: string) =>
    issues.push({ severity, message, ...(path !== undefined ? { path } : {}), ...(resourceId ? { resourceId } : {}) });

  if (resource.resourceType !== 'ImagingSelection') {
    issue('error', `Not an ImagingSelection: resourceType is ${preview(resource.resourceType)}`, 'resourceType');
    return { rois: [], issues };
  }
  const rawStatus = resource.status;
  if (rawStatus === 'entered-in-error') return { rois: [], issues };
  let status: ShownStatus;
  if (rawStatus === 'available' || rawStatus === 'unknown' || rawStatus === 'inactive') status = rawStatus;
  else {
    status = 'unknown';
    issue('warning', `Unknown status ${preview(rawStatus)}`, 'status');
  }

  const studyUid = studyUidOf(resource);
  if (!studyUid) issue('warning', 'No Study Instance UID', 'studyUid');
  const seriesUid = str(resource.seriesUid);
  const { label, finding } = labelAndFinding(resource);
  const server = serverInfo(resource);

  list(resource.imageRegion3D).forEach((_, k) => issue('warning', '3D region not shown', `imageRegion3D[${k}]`));

  const candidates: Candidate[] = [];
  list(resource.instance).forEach((inst, i) => {
    const path = `instance[${i}]`;
    if (!isRecord(inst)) return issue('error', `Instance is ${preview(inst)}`, path);
    list(inst.imageRegion3D).forEach((_, k) => issue('warning', '3D region not shown', `${path}.imageRegion3D[${k}]`));
    const uid = str(inst.uid);
    if (!uid) return issue('error', 'Instance has no uid', `${path}.uid`);
    const known = study?.get(uid);
    if (study && !known) return issue('warning', `Instance ${uid} is not in the open study`, `${path}.uid`);
    const regions = list(inst.imageRegion2D);
    if (regions.length === 0) return;

    const { frames, problems } = readFrames(inst, path);
    problems.forEach((p) => issue('error', p.message, p.path));
    const inRange = frames.filter((f) => {
      if (!known || f <= known.frames) return true;
      issue('error', `Frame ${f} is out of range (instance has ${known.frames})`, path);
      return false;
    });
    if (problems.length + frames.length > 0 && inRange.length === 0) return; // only bad frames given
    if (known && known.frames > 1 && frames.length === 0 && problems.length === 0) {
      issue('warning', 'No frame number for a multi-frame instance', path);
    }
    const frameSlots: (number | undefined)[] = inRange.length > 0 ? inRange : [undefined];

    const image: Omit<ImageRef, 'frameNumber'> = {
      studyUid: studyUid ?? '',
      seriesUid: seriesUid ?? known?.seriesUid ?? '',
      sopInstanceUid: uid,
      sopClassUid: sopClassOf(inst) ?? known?.sopClassUid ?? '',
    };

    regions.forEach((region, r) => {
      const rpath = `${path}.imageRegion2D[${r}]`;
      if (!isRecord(region)) return issue('error', `Region is ${preview(region)}`, rpath);
      const regionType = region.regionType;
      if (typeof regionType !== 'string' || !Object.hasOwn(FROM_REGION, regionType)) {
        return issue('error', `Unknown regionType ${preview(regionType)}`, `${rpath}.regionType`);
      }
      const read = readCoordinates(region.coordinate);
      if (!read.ok) {
        return issue('error', read.problem, read.index !== undefined ? `${rpath}.coordinate[${read.index}]` : `${rpath}.coordinate`);
      }
      if (known) {
        const bad = firstOutside(read.points, known.rows, known.columns);
        const p = read.points[bad];
        if (p) {
          return issue('error', `Point (${p[0]}, ${p[1]}) is outside the ${known.columns}×${known.rows} image`, `${rpath}.coordinate[${2 * bad}]`);
        }
      }
      for (const frame of frameSlots) {
        candidates.push({
          base: { image: frame !== undefined ? { ...image, frameNumber: frame } : image, label, ...(finding ? { finding } : {}) },
          idParts: [i, r, frame ?? 0],
          regionType,
          points: read.points,
          path: rpath,
        });
      }
    });
  });

  if (list(resource.instance).length === 0 && list(resource.imageRegion3D).length === 0) {
    issue('warning', 'No instance selected', 'instance');
  }

  // The resource's own uuid names its ROI only when it holds exactly one.
  const own = ownUuid(resource);
  const key = own ?? (resourceId ? `resource:${resourceId}` : `content:${contentKey(resource)}`);
  const rois: ParsedRoi[] = [];
  for (const c of candidates) {
    const id = candidates.length === 1 && own ? own : deriveRoiId(key, ...c.idParts);
    const mapped = FROM_REGION[c.regionType]?.(c.points, { ...c.base, id });
    if (!mapped) continue;
    if (!mapped.ok) {
      issue('error', mapped.problem, c.path);
      continue;
    }
    if (mapped.warning) issue('warning', mapped.warning, c.path);
    rois.push(server ? { roi: mapped.roi, server, status } : { roi: mapped.roi, status });
  }
  return { rois, issues };
}

/** Reads a search Bundle (or an array of resources); issues carry their resource id. */
export function parseSelections(bundleOrList: unknown, study?: StudyIndex): ParseResult {
  const resources = Array.isArray(bundleOrList)
    ? bundleOrList
    : isRecord(bundleOrList) && bundleOrList.resourceType === 'Bundle'
      ? list(bundleOrList.entry).map((e) => (isRecord(e) ? e.resource : e))
      : [bundleOrList];
  const out: ParseResult = { rois: [], issues: [] };
  for (const r of resources) {
    // Bundles may include OperationOutcomes (search warnings); not ours to show as ROIs.
    if (isRecord(r) && r.resourceType === 'OperationOutcome') continue;
    const one = parseSelection(r, study);
    for (const x of one.rois) out.rois.push(x);
    for (const x of one.issues) out.issues.push(x);
  }
  return out;
}
