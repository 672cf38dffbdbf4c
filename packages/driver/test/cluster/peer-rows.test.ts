import { hostInfoOf, parsePeerRow } from '../../src/cluster/peer-rows';
import { IdentityTranslator, MapAddressTranslator } from '../../src/policies/address-translator';
import { InetAddress, Uuid } from '../../src/types';

const hostId = Uuid.parse('6ab7e0e1-3c4b-4b3e-9d3a-1d2d3d4d5d6d');

describe('peer rows', () => {
  it('reads peers_v2 rows (native address and port)', () => {
    const parsed = parsePeerRow(
      {
        peer: InetAddress.parse('10.0.0.2'),
        native_address: InetAddress.parse('192.168.1.2'),
        native_port: 19042,
        data_center: 'dc1',
        rack: 'r1',
        host_id: hostId,
        release_version: '5.0.9',
        tokens: ['-1', '42'],
        schema_version: Uuid.parse('00000000-0000-4000-8000-000000000001'),
      },
      new IdentityTranslator(),
      9042,
    );
    expect(parsed).toEqual({
      ok: true,
      init: {
        address: '192.168.1.2',
        port: 19042,
        datacenter: 'dc1',
        rack: 'r1',
        hostId: '6ab7e0e1-3c4b-4b3e-9d3a-1d2d3d4d5d6d',
        releaseVersion: '5.0.9',
        tokens: ['-1', '42'],
      },
      info: expect.objectContaining({ hostId: '6ab7e0e1-3c4b-4b3e-9d3a-1d2d3d4d5d6d' }),
      schemaVersion: '00000000-0000-4000-8000-000000000001',
    });
  });

  it('reads peers rows (rpc_address, the default port), falling back to peer for 0.0.0.0', () => {
    const row = {
      peer: InetAddress.parse('10.0.0.3'),
      rpc_address: InetAddress.parse('0.0.0.0'),
      data_center: 'dc1',
      rack: 'r1',
      host_id: hostId,
    };
    const parsed = parsePeerRow(row, new IdentityTranslator(), 9042);
    expect(parsed.ok && parsed.init).toMatchObject({ address: '10.0.0.3', port: 9042 });
  });

  it('translates addresses', () => {
    const row = {
      peer: InetAddress.parse('10.0.0.3'),
      rpc_address: InetAddress.parse('10.0.0.3'),
      data_center: 'dc1',
      rack: 'r1',
      host_id: hostId,
    };
    const parsed = parsePeerRow(row, new MapAddressTranslator({ '10.0.0.3:9042': '127.0.0.3:19042' }), 9042);
    expect(parsed.ok && parsed.init).toMatchObject({ address: '127.0.0.3', port: 19042 });
  });

  it('skips rows a node cannot be built from, saying why', () => {
    const base = { peer: InetAddress.parse('10.0.0.4'), data_center: 'dc1', rack: 'r1', host_id: hostId };
    expect(parsePeerRow({ ...base, host_id: null }, new IdentityTranslator(), 9042)).toEqual({
      ok: false,
      reason: 'peer 10.0.0.4 has no host_id',
    });
    expect(parsePeerRow({ ...base, rack: null }, new IdentityTranslator(), 9042)).toEqual({
      ok: false,
      reason: 'peer 10.0.0.4 has no data_center or rack',
    });
    expect(parsePeerRow({ ...base, peer: null }, new IdentityTranslator(), 9042)).toEqual({
      ok: false,
      reason: 'peer ? has no address',
    });
  });

  it('reads the descriptive fields of a system.local row, tokens from a set', () => {
    expect(
      hostInfoOf({
        data_center: 'dc1',
        rack: 'r1',
        host_id: hostId,
        release_version: '4.1.3',
        tokens: new Set(['1', '2']),
      }),
    ).toEqual({
      datacenter: 'dc1',
      rack: 'r1',
      hostId: '6ab7e0e1-3c4b-4b3e-9d3a-1d2d3d4d5d6d',
      releaseVersion: '4.1.3',
      tokens: ['1', '2'],
    });
  });
});
