// Types for the one internal module of the DataStax Node.js driver (a dev dependency) that the
// murmur3 tests use as an independent oracle.
declare module 'cassandra-driver/lib/tokenizer' {
  export class Murmur3Tokenizer {
    hash(value: Buffer): { getValue(): { toString(): string } };
  }
}
