/** Something wrong or unsupported in data we read; shown to the user, never thrown. */
export interface Issue {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** FHIRPath-like location, e.g. `instance[0].imageRegion2D[1].coordinate[7]`. */
  readonly path?: string;
  readonly resourceId?: string;
}
