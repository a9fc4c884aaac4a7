/** The drag-and-drop type a series carries from the Series list to a viewport (its SeriesInstanceUID). */
export const SERIES_DRAG_TYPE = 'application/x-roi-viewer-series';
