/**
 * For request-pipeline tests through the fault-injecting proxy on the one-node test cluster: the
 * proxy in front of the real node, cluster options that go through it, and a load-balancing
 * policy listing every host twice so that a decision to try the "next host" is visible as a second
 * attempt.
 */
import type { ClusterOptions, ClusterView, Host, LoadBalancingPolicy } from '@cqlkit/driver';
import { CqlProxy } from '@cqlkit/driver/testing';
import { contactPoints } from '@cqlkit/testing';
import { testClusterOptions } from '../driver/driver-test-cluster';

/** Lists every host twice, so that "next host" has somewhere to go on a one-node cluster. */
export class TwiceRoundPolicy implements LoadBalancingPolicy {
  private view: ClusterView | undefined;
  init(cluster: ClusterView): void {
    this.view = cluster;
  }
  distance(): 'local' {
    return 'local';
  }
  *newQueryPlan(): Iterable<Host> {
    const hosts = this.view?.hosts().filter((h) => h.isUp) ?? [];
    yield* hosts;
    yield* hosts;
  }
  onAdd(): void {}
  onRemove(): void {}
  onUp(): void {}
  onDown(): void {}
}

/** A proxy on 127.0.1.1 (ephemeral port) in front of the node under test. */
export function startProxy(): Promise<CqlProxy> {
  return CqlProxy.start({ nodes: [{ listen: { host: '127.0.1.1', port: 0 }, target: realNode() }] });
}

/** Options of a cluster reached through `proxy`, merged with `extra`. */
export function proxiedClusterOptions(proxy: CqlProxy, extra: Partial<ClusterOptions> = {}): ClusterOptions {
  return testClusterOptions({
    contactPoints: proxy.contactPoints(),
    addressTranslator: proxy.addressTranslator(),
    ...extra,
  });
}

/** Host and port of the node under test (the proxy's target). */
function realNode(): { host: string; port: number } {
  const [first] = contactPoints();
  const [host, port] = first!.split(':');
  return { host: host!, port: port ? Number(port) : 9042 };
}
