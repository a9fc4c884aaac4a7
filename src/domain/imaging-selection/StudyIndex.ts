/** What the open study knows about one instance; lets the parser check references. */
export interface IndexedInstance {
  readonly rows: number;
  readonly columns: number;
  /** NumberOfFrames; 1 for single-frame images. */
  readonly frames: number;
  readonly seriesUid: string;
  readonly sopClassUid: string;
}

/** The instances of the open study, keyed by SOP Instance UID. */
export type StudyIndex = ReadonlyMap<string, IndexedInstance>;
