import { deriveRoiId } from '../imaging-selection/deriveRoiId';
import { URI_SYSTEM } from '../imaging-selection/ImagingSelection';

export const VIEWER_NAME = 'ROI viewer';

export interface ViewerDevice {
  readonly resourceType: 'Device';
  readonly identifier: readonly { readonly system: string; readonly value: string }[];
  readonly displayName: string;
  readonly name: readonly { readonly value: string; readonly type: 'user-friendly-name' }[];
  readonly version: readonly { readonly value: string }[];
}

/**
 * The Device the Observations name (IG: TID 4019 Algorithm Identification,
 * name and version). Its identifier is derived from name and version, so a
 * conditional create makes one per server and version.
 */
export function viewerDevice(version: string): { readonly uuid: string; readonly resource: ViewerDevice } {
  const uuid = deriveRoiId('roi-viewer-device', VIEWER_NAME, version);
  return {
    uuid,
    resource: {
      resourceType: 'Device',
      identifier: [{ system: URI_SYSTEM, value: `urn:uuid:${uuid}` }],
      displayName: VIEWER_NAME,
      name: [{ value: VIEWER_NAME, type: 'user-friendly-name' }],
      version: [{ value: version }],
    },
  };
}
