/** A fresh UUID v4; becomes the ROI's `urn:uuid:` business identifier. */
export function newRoiId(): string {
  return crypto.randomUUID();
}
