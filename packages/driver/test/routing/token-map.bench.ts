/**
 * Micro-benchmark of TokenMap.getReplicas (not a Jest test):
 *
 *     npx tsx packages/driver/test/routing/token-map.bench.ts
 *
 * A 12-node, 2-DC, 3-rack cluster with 256 vnodes per node (3072 tokens) and an NTS keyspace
 * (3 + 3). Prints the time to fill every replica list once, then the best ns/op over several
 * rounds of lookups by token and by routing key (the latter includes hashing).
 */
import { randomBytes } from 'node:crypto';
import { Host } from '../../src/cluster/host';
import { murmur3Token } from '../../src/routing/murmur3';
import { TokenMap } from '../../src/routing/token-map';

const hosts = Array.from(
  { length: 12 },
  (_, n) =>
    new Host({
      address: `10.0.0.${n + 1}`,
      port: 9042,
      datacenter: n % 2 === 0 ? 'dc1' : 'dc2',
      rack: `r${n % 3}`,
      tokens: Array.from({ length: 256 }, () => String(murmur3Token(randomBytes(8)))),
    }),
);
const map = TokenMap.build({
  hosts,
  keyspaces: { ks: { class: 'NetworkTopologyStrategy', dc1: '3', dc2: '3' } },
});
const keys = Array.from({ length: 1024 }, () => randomBytes(16));
const tokens = keys.map((k) => murmur3Token(k));

const fillStart = process.hrtime.bigint();
for (let i = -(2n ** 63n); i < 2n ** 63n - 2n ** 50n; i += 2n ** 50n) map.getReplicas('ks', i);
console.log(
  `fill ${map.tokenCount} replica lists: ${(Number(process.hrtime.bigint() - fillStart) / 1e6).toFixed(1)} ms`,
);

const cases: [string, (i: number) => unknown][] = [
  ['getReplicas by token', (i) => map.getReplicas('ks', tokens[i & 1023]!)],
  ['getReplicas by routing key', (i) => map.getReplicas('ks', keys[i & 1023]!)],
];
for (const [label, lookup] of cases) {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 10; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 200_000; i++) lookup(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 200_000);
  }
  console.log(`${label.padEnd(28)} ${best.toFixed(1).padStart(6)} ns/op`);
}
