/**
 * Micro-benchmark of murmur3Token (not a Jest test):
 *
 *     npx tsx packages/driver/test/routing/murmur3.bench.ts
 *
 * Prints the best ns/op over several rounds for routing keys of typical sizes: a 4-byte int, a
 * 16-byte uuid and a 40-byte composite key. Taking the best round filters out noise from other
 * processes sharing the machine.
 */
import { randomBytes } from 'node:crypto';
import { murmur3Token } from '../../src/routing/murmur3';

const ROUNDS = 20;
const ITERATIONS_PER_ROUND = 200_000;

function bench(label: string, size: number): void {
  const keys = Array.from({ length: 1024 }, () => randomBytes(size));
  let sink = 0n;
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS_PER_ROUND; i++) sink = (sink + murmur3Token(keys[i & 1023]!)) & 0xffffn;
    best = Math.min(best, Number(process.hrtime.bigint() - start) / ITERATIONS_PER_ROUND);
  }
  console.log(`${label.padEnd(26)} ${best.toFixed(1).padStart(6)} ns/op   (checksum ${sink & 0xffn})`);
}

bench('4-byte key (int)', 4);
bench('16-byte key (uuid)', 16);
bench('40-byte key (composite)', 40);
