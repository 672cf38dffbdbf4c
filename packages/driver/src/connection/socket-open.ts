import { Buffer } from 'node:buffer';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { ConnectionError } from '../errors';
import type { ResolvedConnectionOptions } from './connection-options';

/**
 * Opens the TCP or TLS socket of a connection, resolving once it is connected (TLS: once the
 * handshake succeeded and the certificate was verified), and sets up how its bytes are read.
 * Never holds protocol decoding: received bytes go to the connection as they are.
 *
 * Sockets are read with Node's `onread` option into one read buffer shared by every socket of
 * the thread, and each read (TLS: each chunk of decrypted bytes) is copied out into a buffer of
 * its own size before it is handed on. Without it, Node allocates 64 KiB per read, shrinks it,
 * wraps it in a fresh `ArrayBuffer` and pushes it through the readable-stream machinery (`push`,
 * `'data'` events): measured, ~1.8 µs more CPU per request at 4 answers per read
 * (docs/performance.md), and a 1-row SELECT against a real node gets about 5 answers per read.
 *
 * @packageDocumentation
 */

/** OpenSSL / Node codes of a server certificate that failed verification. */
const CERTIFICATE_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
]);

const HOST_MISMATCH_CODES = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a socket failure while connecting into a {@link ConnectionError} whose message says
 * what to do, in particular for certificates that could not be verified.
 *
 * @internal
 */
export function describeConnectFailure(error: unknown, endpoint: string, usingTls: boolean): ConnectionError {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (usingTls && code !== undefined && CERTIFICATE_ERROR_CODES.has(code)) {
    return new ConnectionError(
      `TLS: the server certificate of ${endpoint} could not be verified (${code}: ${detail}). ` +
        `Pass the PEM certificate of the CA that signed it as tls.ca ` +
        `(e.g. tls: { ca: readFileSync('ca.pem') }); rejectUnauthorized: false disables verification (unsafe).`,
      endpoint,
      { cause: error },
    );
  }
  if (usingTls && code !== undefined && HOST_MISMATCH_CODES.has(code)) {
    return new ConnectionError(
      `TLS: the server certificate of ${endpoint} could not be verified: it does not match the host (${detail}). ` +
        `Connect with a host name or IP listed in the certificate's subjectAltName, or set tls.servername ` +
        `to a name it lists.`,
      endpoint,
      { cause: error },
    );
  }
  const reason = code && !detail.includes(code) ? `${code}: ${detail}` : detail;
  return new ConnectionError(
    `could not connect to ${endpoint}${usingTls ? ' over TLS' : ''}: ${reason}`,
    endpoint,
    { cause: error },
  );
}

/**
 * Size of the shared read buffer: the most one read takes from a socket (Node's own default for
 * stream reads).
 */
const READ_BUFFER_BYTES = 64 * 1024;

/**
 * The buffer reads land in, for every socket of this thread (TCP and TLS): a read is handled
 * (copied out) synchronously in its callback before the next read of any socket starts.
 */
let sharedReadBuffer: Buffer | undefined;

/**
 * Where a socket's received bytes go. The connection attaches its receiver once constructed;
 * bytes that arrive before (a server speaks only when asked, so normally none) are kept for it.
 * Every chunk delivered is the receiver's to keep: it is never reused.
 *
 * @internal
 */
export class SocketInbound {
  private receiver: ((chunk: Buffer) => void) | undefined = undefined;
  private early: Buffer[] | undefined = undefined;

  /** Hands one received chunk on. */
  deliver(chunk: Buffer): void {
    const receiver = this.receiver;
    if (receiver !== undefined) receiver(chunk);
    else (this.early ??= []).push(chunk);
  }

  /** Sets the receiver and gives it the chunks that arrived before it. */
  attach(receiver: (chunk: Buffer) => void): void {
    this.receiver = receiver;
    const early = this.early;
    this.early = undefined;
    if (early !== undefined) for (const chunk of early) receiver(chunk);
  }
}

/** A connected socket and where its bytes go. @internal */
export interface OpenedSocket {
  readonly socket: net.Socket;
  readonly inbound: SocketInbound;
}

/**
 * Node's `onread` option: reads land in the shared buffer and each is copied out to `inbound`.
 * For TLS, the callback gets the decrypted bytes (in chunks of at most 16 KiB).
 */
function readInto(inbound: SocketInbound): net.OnReadOpts {
  const buffer = (sharedReadBuffer ??= Buffer.allocUnsafeSlow(READ_BUFFER_BYTES));
  return {
    buffer,
    // `false` would pause the socket: reading never pauses (back-pressure is on the requests)
    callback: (bytes: number): boolean => {
      const chunk = Buffer.allocUnsafe(bytes);
      buffer.copy(chunk, 0, 0, bytes);
      inbound.deliver(chunk);
      return true;
    },
  };
}

/**
 * Connects to `host:port`. Rejects with a {@link ConnectionError}, or with `signal.reason` when
 * `signal` aborts first (the socket is destroyed).
 *
 * @internal
 */
export function openSocket(
  host: string,
  port: number,
  endpoint: string,
  options: ResolvedConnectionOptions,
  signal: AbortSignal,
): Promise<OpenedSocket> {
  return new Promise<OpenedSocket>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const usingTls = options.tls !== null;
    const localPort = options.localPort;
    const inbound = new SocketInbound();
    const onread = readInto(inbound);
    // tls.connect passes socket.connect() options such as localPort through (its types omit it)
    const socket: net.Socket = usingTls
      ? tls.connect({ ...options.tls, host, port, localPort, onread } as tls.ConnectionOptions)
      : net.connect({ host, port, localPort, onread });
    socket.setNoDelay(options.noDelay);
    if (options.keepAlive) socket.setKeepAlive(true, options.keepAliveDelayMs);

    const settle = (): void => {
      socket.off(usingTls ? 'secureConnect' : 'connect', onConnect);
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const onConnect = (): void => {
      settle();
      resolve({ socket, inbound });
    };
    const onError = (error: Error): void => {
      settle();
      socket.destroy();
      reject(describeConnectFailure(error, endpoint, usingTls));
    };
    const onClose = (): void => {
      settle();
      reject(
        new ConnectionError(`could not connect to ${endpoint}: the socket closed while connecting`, endpoint),
      );
    };
    const onAbort = (): void => {
      settle();
      socket.destroy();
      reject(signal.reason);
    };
    socket.once(usingTls ? 'secureConnect' : 'connect', onConnect);
    socket.once('error', onError);
    socket.once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
