/** Errors from the image archive, sorted by what the user can do about them. */
export type DicomWebErrorKind = 'network' | 'http' | 'not-found' | 'unauthorized' | 'invalid-response' | 'invalid-uid';

export class DicomWebError extends Error {
  constructor(
    readonly kind: DicomWebErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DicomWebError';
  }
}
