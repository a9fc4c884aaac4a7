// What the bench needs from the domain, bundled for Node by bench/run.mjs
// (rolldown, vite's own bundler) into .stack-data/bench/domain.mjs.
export { serializeSelection } from '../src/domain/imaging-selection/serializeSelection';
export { parseSelection, parseSelections } from '../src/domain/imaging-selection/parseSelection';
export type { Roi } from '../src/domain/roi/Roi';
export type { SelectionContext } from '../src/domain/imaging-selection/SelectionContext';
// The FHIR save path (bench/fhirSave.mjs): the same client and strategies the viewer uses.
export { FhirClient } from '../src/adapters/fhir/FhirClient';
export { saveChanges } from '../src/adapters/fhir/selectionSave';
// The IG resource graph (bench/igGraph.mjs): measurement Observations, the viewer's Device, the transaction as sent.
export { serializeMeasurements, parseMeasurements } from '../src/domain/observation/measurementObservations';
export { roiFigures } from '../src/domain/observation/roiFigures';
export { viewerDevice } from '../src/domain/observation/viewerDevice';
export { buildSaveTransaction } from '../src/adapters/fhir/selectionSave';
