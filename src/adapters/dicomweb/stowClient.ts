import { DicomWebError } from './DicomWebError';
import type { DicomJson } from './dicomJson';

/**
 * STOW-RS (PS3.18 §10.5): store DICOM Part 10 instances on the image archive.
 *
 * Not retried automatically: a lost response leaves the caller unsure whether the archive stored the
 * instance. Re-sending the same bytes is safe (the archive keys instances by SOP Instance UID, so a second
 * store replaces rather than duplicates), but whether to do so is the caller's decision, with the same
 * instance, never a rebuilt one with a new UID.
 */
export interface StowClientOptions {
  /** The STOW-RS root, e.g. "/dicom-web"; instances are POSTed to `${stowRoot}/studies`. */
  readonly stowRoot: string;
  readonly fetch: typeof fetch;
  readonly getAuthHeader?: () => string | undefined;
}

export interface StowOutcome {
  /** SOP Instance UIDs the archive reports as stored. */
  readonly stored: string[];
  /** SOP Instance UIDs the archive refused, with its failure reason code (0008,1197) when given. */
  readonly failed: { sopInstanceUid: string; reason?: number }[];
}

function boundary(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `roi-viewer-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** multipart/related; type="application/dicom": one part per Part 10 file. */
export function multipartBody(parts: readonly Uint8Array[], b: string): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    chunks.push(enc.encode(`--${b}\r\nContent-Type: application/dicom\r\n\r\n`), p, enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${b}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function sopUids(ds: DicomJson | undefined, tag: string): { sopInstanceUid: string; reason?: number }[] {
  const seq = ds?.[tag]?.Value;
  if (!Array.isArray(seq)) return [];
  return seq.flatMap((item) => {
    const it = item as DicomJson;
    const uid = it['00081155']?.Value?.[0];
    const reason = it['00081197']?.Value?.[0];
    return typeof uid === 'string' ? [{ sopInstanceUid: uid, ...(typeof reason === 'number' ? { reason } : {}) }] : [];
  });
}

/** Reads a STOW-RS response body (DICOM JSON); an empty or unreadable body gives empty lists. */
export function parseStowResponse(json: unknown): StowOutcome {
  const ds = (Array.isArray(json) ? json[0] : json) as DicomJson | undefined;
  if (!ds || typeof ds !== 'object') return { stored: [], failed: [] };
  return { stored: sopUids(ds, '00081199').map((s) => s.sopInstanceUid), failed: sopUids(ds, '00081198') };
}

export function createStowClient(opts: StowClientOptions) {
  return {
    /** Stores the instances; throws DicomWebError when the archive refuses the request as a whole. */
    async store(parts: readonly Uint8Array[]): Promise<StowOutcome> {
      const b = boundary();
      const headers: Record<string, string> = {
        Accept: 'application/dicom+json',
        'Content-Type': `multipart/related; type="application/dicom"; boundary=${b}`,
      };
      const auth = opts.getAuthHeader?.();
      if (auth) headers.Authorization = auth;
      let res: Response;
      try {
        res = await opts.fetch(`${opts.stowRoot}/studies`, { method: 'POST', headers, body: multipartBody(parts, b) as BodyInit });
      } catch (e) {
        throw new DicomWebError('network', `The image archive could not be reached (${(e as Error).message})`);
      }
      if (res.status === 401 || res.status === 403) throw new DicomWebError('unauthorized', 'The image archive refused to store the image', res.status);
      if (res.status === 405 || res.status === 404) {
        throw new DicomWebError('http', 'The image archive does not accept stored images here (STOW-RS is not enabled)', res.status);
      }
      const text = await res.text();
      let json: unknown;
      try {
        json = text.trim() ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const outcome = parseStowResponse(json);
      // 202: some stored, some failed; 409: all failed. Both are reported per instance.
      if (!res.ok && res.status !== 409) throw new DicomWebError('http', `The image archive answered ${res.status} ${res.statusText}`.trim(), res.status);
      return outcome;
    },
  };
}

export type StowClient = ReturnType<typeof createStowClient>;
