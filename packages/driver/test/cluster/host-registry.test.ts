import { Host } from '../../src/cluster/host';
import { HostRegistry } from '../../src/cluster/host-registry';

function host(n: number, datacenter = 'dc1', rack = 'r1'): Host {
  return new Host({ address: `10.0.0.${n}`, port: 9042, datacenter, rack, tokens: [String(n)] });
}

describe('HostRegistry', () => {
  function registry(): { reg: HostRegistry; order: string[]; warnings: string[] } {
    const warnings: string[] = [];
    const reg = new HostRegistry({ warn: (m) => void warnings.push(m) });
    const order: string[] = [];
    reg.attachLoadBalancing({
      init: () => undefined,
      distance: () => 'local',
      newQueryPlan: () => [],
      onAdd: (h) => order.push(`lb add ${h.address}`),
      onRemove: (h) => order.push(`lb remove ${h.address}`),
      onUp: (h) => order.push(`lb up ${h.address} ${h.isUp}`),
      onDown: (h) => order.push(`lb down ${h.address} ${h.isUp}`),
    });
    reg.addInternalListener({ onDown: (h) => order.push(`internal down ${h.address}`) });
    reg.addListener({ onDown: (h) => order.push(`user down ${h.address}`) });
    return { reg, order, warnings };
  }

  it('notifies the load-balancing policy, then internal, then user listeners, with isUp already set', () => {
    const { reg, order } = registry();
    const h = host(1);
    reg.add(h);
    expect(reg.markDown(h)).toBe(true);
    expect(reg.markDown(h)).toBe(false); // already down
    expect(reg.markUp(h)).toBe(true);
    expect(order).toEqual([
      'lb add 10.0.0.1',
      'lb down 10.0.0.1 false',
      'internal down 10.0.0.1',
      'user down 10.0.0.1',
      'lb up 10.0.0.1 true',
    ]);
  });

  it('re-adds a host to the load-balancing policy when its data center or rack changes', () => {
    const { reg, order } = registry();
    const h = host(1);
    reg.add(h);
    order.length = 0;
    expect(reg.update(h, { datacenter: 'dc1', rack: 'r1', tokens: ['1'] })).toBe(false);
    expect(order).toEqual([]);
    expect(reg.update(h, { datacenter: 'dc2', rack: 'r1', tokens: ['1', '5'] })).toBe(true);
    expect(order).toEqual(['lb remove 10.0.0.1', 'lb add 10.0.0.1']);
    expect(h.datacenter).toBe('dc2');
  });

  it('keeps snapshots immutable and finds hosts by address and port', () => {
    const { reg } = registry();
    const a = host(1);
    reg.add(a);
    const before = reg.all();
    reg.add(host(2));
    expect(before).toHaveLength(1);
    expect(reg.all()).toHaveLength(2);
    expect(reg.find('10.0.0.1', 9042)).toBe(a);
    expect(reg.find('10.0.0.1', 9043)).toBeUndefined();
    reg.remove(a);
    expect(reg.get(a.endpoint)).toBeUndefined();
    expect(reg.markDown(a)).toBe(false); // removed hosts do not change
  });

  it('reports a throwing listener as a warning and still calls the others', () => {
    const { reg, order, warnings } = registry();
    reg.addListener({
      onAdd: () => {
        throw new Error('listener bug');
      },
    });
    const seen: string[] = [];
    reg.addListener({ onAdd: (h) => seen.push(h.address) });
    reg.add(host(3));
    expect(seen).toEqual(['10.0.0.3']);
    expect(warnings[0]).toMatch(/onAdd\(10\.0\.0\.3:9042\).*listener bug/);
    expect(order).toContain('lb add 10.0.0.3');
  });
});
