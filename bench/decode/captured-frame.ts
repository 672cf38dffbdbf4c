/** The frame every decoder decodes: the captured 5000-row page of the scan (5 mixed columns). */
import { ByteWriter } from '../../packages/driver/src/binary/byte-writer';
import { writeEnvelope } from '../../packages/driver/src/protocol/envelope';
import { Opcode } from '../../packages/driver/src/protocol/opcodes';
import { loadFixtures } from '../stub-server/fixtures';
import { splitRowsBody } from '../stub-server/rows-body';

/** A RESULT/Rows response as captured (protocol v4). */
export interface CapturedFrame {
  readonly flags: number;
  /** The body (response prefix, if flagged, included). */
  readonly body: Buffer;
  /** Header + body, as it arrives on a socket. */
  readonly bytes: Buffer;
  readonly rowCount: number;
}

/** Stream id written in the frame header. */
export const ROWS_STREAM_ID = 1;

/** Loads the scan page from the fixture file. */
export function loadCapturedFrame(fixturePath: string): CapturedFrame {
  const { flags, body } = loadFixtures(fixturePath).statements.scan.result;
  const rows = splitRowsBody(body, flags);
  if (rows === undefined) throw new Error('the captured scan result is not a Rows result');
  const w = new ByteWriter(body.length + 16);
  writeEnvelope(w, 4, flags, ROWS_STREAM_ID, Opcode.RESULT, 'response', (b) => b.writeRaw(body));
  const bytes = Buffer.from(w.finish());
  return { flags, body, bytes, rowCount: rows.rowCount };
}
