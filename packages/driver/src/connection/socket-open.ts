import * as net from 'node:net';
import * as tls from 'node:tls';
import { ConnectionError } from '../errors';
import type { ResolvedConnectionOptions } from './connection-options';

/**
 * Opens the TCP or TLS socket of a connection, resolving once it is connected (TLS: once the
 * handshake succeeded and the certificate was verified).
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
): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const usingTls = options.tls !== null;
    const localPort = options.localPort;
    // tls.connect passes socket.connect() options such as localPort through (its types omit it)
    const socket: net.Socket = usingTls
      ? tls.connect({ ...options.tls, host, port, localPort } as tls.ConnectionOptions)
      : net.connect({ host, port, localPort });
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
      resolve(socket);
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
