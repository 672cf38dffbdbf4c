/** Worker process for cqlkit: `node --expose-gc --import tsx bench/workers/cqlkit-worker.ts '<job json>'`. */
import { cqlkitAdapter } from './cqlkit-adapter';
import { runWorker } from './run-worker';

runWorker(cqlkitAdapter);
