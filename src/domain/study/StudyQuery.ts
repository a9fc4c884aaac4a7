/** What the study browser asks for; the DICOMweb adapter turns it into a QIDO-RS query. */
export interface StudyQuery {
  readonly patientName?: string;
  readonly patientId?: string;
  readonly accessionNumber?: string;
  /** ISO dates, inclusive. */
  readonly dateFrom?: string;
  readonly dateTo?: string;
  readonly modality?: string;
  readonly offset?: number;
  readonly limit?: number;
}
