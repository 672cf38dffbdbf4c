/** Worker process for cassandra-driver: `node --expose-gc --import tsx bench/workers/cassandra-driver-worker.ts '<job json>'`. */
import { cassandraDriverAdapter } from './cassandra-driver-adapter';
import { runWorker } from './run-worker';

runWorker(cassandraDriverAdapter);
