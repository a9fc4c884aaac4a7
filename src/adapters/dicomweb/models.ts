// The models live in the domain (the UI and the store speak them too); the adapter builds them.
export type { StudySummary, SeriesSummary, InstanceMeta, StackImage } from '../../domain/study/models';
