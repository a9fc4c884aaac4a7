import type { Roi } from './Roi';

/** A server resource's id and the version last seen. */
export interface ObservationVersion {
  readonly id: string;
  readonly versionId: string;
}

/** What the server told us about a saved ROI. Absent for a never-saved ROI. */
export interface ServerState {
  readonly resourceId: string;
  readonly versionId: string;
  /** Display text of the performer (author), when known. */
  readonly author?: string;
  /** Reference to the performer, e.g. "Practitioner/123". */
  readonly authorRef?: string;
  /** ISO instant the selection was issued. */
  readonly issued?: string;
  /** The stored `focus` reference (source SR content item of an adopted region), written again on update. */
  readonly focus?: string;
  /** The exact ROI as last stored, to detect local edits and show conflicts. */
  readonly savedRoi: Roi;
  /**
   * The ROI's measurement Observations on the server, by identifier value
   * (`urn:oid:<Observation UID>`): the next save updates exactly these
   * versions (If-Match).
   */
  readonly observations?: Readonly<Record<string, ObservationVersion>>;
}
