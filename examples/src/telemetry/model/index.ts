/** The telemetry store's entities and user-defined type. */
export { Alert } from './alert';
export { Location } from './location';
export { Reading, type ReadingQuality } from './reading';
export { Sensor, SensorBySite, type SensorKind } from './sensor';
