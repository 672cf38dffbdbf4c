/**
 * The test doubles of `@cqlkit/driver/testing`, re-exported so that one package gives a test
 * suite everything: the fault-injecting proxy `CqlProxy` with its conditions, reactions and forged
 * errors — and every double that module adds later (the simulated ScyllaDB cluster arrives there
 * and is re-exported here by this same line). Holds no code of its own.
 */
export * from '@cqlkit/driver/testing';
