/**
 * The simulated cluster's `SCYLLA_USE_METADATA_ID` surgery, checked against the driver's own
 * decoders with metadata ids on: PREPARED gains an id, EXECUTE loses it (and Skip_metadata), ROWS
 * become Metadata_changed (stale id) or No_metadata (current id, skip asked).
 */
import { ByteReader } from '../../src/binary/byte-reader';
import { Consistency } from '../../src/consistency';
import { ExecuteMessage } from '../../src/protocol/messages/execute-message';
import { decodeResultBody, type ResultMessage } from '../../src/protocol/messages/result-message';
import {
  rowsForClient,
  withoutExecuteMetadataId,
  withPreparedMetadataId,
} from '../../src/testing/scylla-sim-metadata-ids';
import { bytes, encode, int, short, shortBytes, str, T, value } from '../protocol/messages/wire';

/** Global table spec ks.t, columns (k int, v text), as a v4 node sends them. */
const COLUMNS = bytes(int(0x0001), int(2), str('ks'), str('t'), str('k'), T.int, str('v'), T.text);
const WIDER = bytes(
  int(0x0001),
  int(3),
  str('ks'),
  str('t'),
  str('k'),
  T.int,
  str('v'),
  T.text,
  str('w'),
  T.int,
);
const PREPARED = bytes(
  int(4),
  shortBytes([7, 7]),
  int(0x0001),
  int(1),
  int(1),
  short(0),
  str('ks'),
  str('t'),
  str('k'),
  T.int,
  COLUMNS,
);
const ROW = bytes(int(1), value([0, 0, 0, 1]), value(Buffer.from('a')));
const WIDER_ROW = bytes(int(1), value([0, 0, 0, 1]), value(Buffer.from('a')), value([0, 0, 0, 2]));

/** Decodes a v4 RESULT body as a connection with metadata ids does, expecting `kind`. */
function decode<K extends ResultMessage['kind']>(body: Buffer, kind: K): Extract<ResultMessage, { kind: K }> {
  const result = decodeResultBody(new ByteReader(body), 4, true);
  if (result.kind !== kind) throw new Error(`expected a ${kind} result, got ${result.kind}`);
  return result as Extract<ResultMessage, { kind: K }>;
}

function preparedId(): Buffer {
  return decode(withPreparedMetadataId(PREPARED, 0, 4), 'prepared').resultMetadataId as Buffer;
}

describe('simulated SCYLLA_USE_METADATA_ID', () => {
  it('adds a 16-byte result metadata id to PREPARED, which the driver reads with metadata ids on', () => {
    const prepared = decode(withPreparedMetadataId(PREPARED, 0, 4), 'prepared');
    expect(prepared.id).toEqual(Buffer.from([7, 7]));
    expect(prepared.resultMetadataId).toHaveLength(16);
    expect(prepared.resultMetadata.columns?.map((c) => c.name)).toEqual(['k', 'v']);
    expect(preparedId()).toEqual(prepared.resultMetadataId); // a digest: the same columns, the same id
  });

  it('strips the id and Skip_metadata from an EXECUTE', () => {
    const params = { consistency: Consistency.ONE, values: [Buffer.from([0, 0, 0, 1])], skipMetadata: true };
    const withIds = encode(new ExecuteMessage(Buffer.from([7, 7]), Buffer.from([1, 2, 3]), params), 4, true);
    const stripped = withoutExecuteMetadataId(withIds, 0);
    expect(stripped.metadataId).toEqual(Buffer.from([1, 2, 3]));
    expect(stripped.skipMetadata).toBe(true);
    const plain = { ...params, skipMetadata: false };
    expect(stripped.body).toEqual(encode(new ExecuteMessage(Buffer.from([7, 7]), undefined, plain), 4));
  });

  it('answers a current id with the rows alone when the client skips metadata, unchanged otherwise', () => {
    const body = bytes(int(2), COLUMNS, ROW);
    const rows = rowsForClient(body, 0, preparedId(), true);
    expect(rows?.metadataChanged).toBe(false);
    const decoded = decode(rows!.body, 'rows');
    expect(decoded.metadata.columns).toBeUndefined();
    expect(decoded.metadata.columnCount).toBe(2);
    expect(decoded.rowCount).toBe(1);
    expect(rowsForClient(body, 0, preparedId(), false)).toBeUndefined();
  });

  it('answers a stale id with Metadata_changed, the new id and the new columns', () => {
    const body = bytes(int(2), WIDER, WIDER_ROW);
    const rows = rowsForClient(body, 0, preparedId(), true);
    expect(rows?.metadataChanged).toBe(true);
    const decoded = decode(rows!.body, 'rows');
    expect(decoded.metadata.columns?.map((c) => c.name)).toEqual(['k', 'v', 'w']);
    expect(decoded.metadata.newMetadataId).toHaveLength(16);
    expect(decoded.metadata.newMetadataId).not.toEqual(preparedId());
    expect(decoded.rowCount).toBe(1);
    // An empty id (a statement prepared where ids were not in use) is stale too.
    expect(rowsForClient(body, 0, Buffer.alloc(0), true)?.metadataChanged).toBe(true);
    // The new id is current now: the same columns with it come back without metadata.
    expect(rowsForClient(body, 0, decoded.metadata.newMetadataId!, true)?.metadataChanged).toBe(false);
  });
});
