import { Buffer } from 'node:buffer';
import { AuthenticationError, DriverError, ProtocolDecodeError } from '../errors';
import type { CompressionAlgorithm } from '../protocol/compression';
import type { Envelope, RequestMessage } from '../protocol/envelope';
import { AuthResponseRequest, OptionsRequest, StartupRequest, startupOptions } from '../protocol/handshake';
import { decodeResponseBody, describeResponse, expectResponse } from '../protocol/messages';
import type { ProtocolVersion } from '../protocol/opcodes';
import { parseScyllaExtensions, type ScyllaExtensionsParse } from '../protocol/scylla-extensions';
import type { AuthProvider } from './auth';
import type { ResolvedConnectionOptions } from './connection-options';

/**
 * The handshake of a new connection: OPTIONS → SUPPORTED (to learn the server's compression
 * algorithms and ScyllaDB's extensions), STARTUP → READY, or AUTHENTICATE followed by the SASL
 * exchange.
 *
 * @packageDocumentation
 */

/** What the handshake needs from the connection it runs on. @internal */
export interface HandshakeChannel {
  readonly endpoint: string;
  readonly protocolVersion: ProtocolVersion;
  send(message: RequestMessage, signal?: AbortSignal): Promise<Envelope>;
  /**
   * Called right before STARTUP is sent with the compression it asks for. The connection
   * prepares its codecs (throwing when one cannot be loaded) and switches compression/framing
   * as soon as READY or AUTHENTICATE arrives.
   */
  prepareStartup(compression: CompressionAlgorithm | null): void;
  /**
   * Called with the ScyllaDB extensions SUPPORTED offered (none on Apache Cassandra); returns the
   * STARTUP entries accepting those the connection uses.
   */
  acceptExtensions(offered: ScyllaExtensionsParse): Readonly<Record<string, string>>;
}

/** Stages reported while opening, used in timeout messages. @internal */
export type HandshakeStage = 'OPTIONS' | 'STARTUP' | 'authentication';

/**
 * Picks the compression for STARTUP from what was asked and what the server's SUPPORTED
 * offers. v5 only has LZ4: asking for snappy there falls back to LZ4 when offered. An
 * algorithm the server does not offer means no compression.
 *
 * @internal
 */
export function chooseCompression(
  requested: CompressionAlgorithm | null,
  version: ProtocolVersion,
  supported: Readonly<Record<string, readonly string[]>>,
): CompressionAlgorithm | null {
  if (requested === null) return null;
  const offered = new Set((supported['COMPRESSION'] ?? []).map((name) => name.toLowerCase()));
  const wanted: CompressionAlgorithm = version >= 5 ? 'lz4' : requested;
  return offered.has(wanted) ? wanted : null;
}

/**
 * Runs the handshake on `channel`; resolves with the compression in use.
 *
 * @internal
 */
export async function performHandshake(
  channel: HandshakeChannel,
  options: ResolvedConnectionOptions,
  signal: AbortSignal,
  onStage: (stage: HandshakeStage) => void = () => undefined,
): Promise<CompressionAlgorithm | null> {
  const { endpoint } = channel;
  onStage('OPTIONS');
  const supported = expectResponse(
    await channel.send(new OptionsRequest(), signal),
    'supported',
    endpoint,
    'OPTIONS',
  ).options;
  const extensionEntries = channel.acceptExtensions(parseScyllaExtensions(supported));
  let compression = chooseCompression(options.compression, channel.protocolVersion, supported);
  try {
    channel.prepareStartup(compression);
  } catch (error) {
    // the default (`compression: true`) degrades to no compression when the codec cannot load
    if (compression === null || options.compressionExplicit) throw error;
    compression = null;
    channel.prepareStartup(null);
  }
  onStage('STARTUP');
  const response = decodeResponseBody(
    await channel.send(
      new StartupRequest(startupOptions(compression, { ...extensionEntries, ...options.startupOptions })),
      signal,
    ),
    endpoint,
  ).message;
  if (response.type === 'ready') return compression;
  if (response.type === 'authenticate') {
    onStage('authentication');
    await authenticate(channel, response.authenticator, options.authProvider, signal);
    return compression;
  }
  throw new ProtocolDecodeError(
    `${endpoint} answered STARTUP with ${describeResponse(response)} instead of READY or AUTHENTICATE`,
  );
}

async function authenticate(
  channel: HandshakeChannel,
  authenticatorClass: string,
  provider: AuthProvider | undefined,
  signal: AbortSignal,
): Promise<void> {
  const { endpoint } = channel;
  if (!provider) {
    throw new AuthenticationError(
      `${endpoint} requires authentication (server authenticator: ${authenticatorClass}) ` +
        `but no authProvider was configured; e.g. authProvider: new PlainTextAuthProvider(user, password)`,
      endpoint,
    );
  }
  const authenticator = await userCode(endpoint, 'newAuthenticator', () =>
    provider.newAuthenticator(endpoint, authenticatorClass),
  );
  let token = await userCode(endpoint, 'initialResponse', () => authenticator.initialResponse());
  while (true) {
    const response = decodeResponseBody(
      await channel.send(new AuthResponseRequest(token), signal),
      endpoint,
    ).message;
    if (response.type === 'authSuccess') {
      const final = response.token;
      await userCode(endpoint, 'onSuccess', () => authenticator.onSuccess?.(final));
      return;
    }
    if (response.type !== 'authChallenge') {
      throw new ProtocolDecodeError(
        `${endpoint} answered AUTH_RESPONSE with ${describeResponse(response)} instead of AUTH_CHALLENGE or AUTH_SUCCESS`,
      );
    }
    const challenge = response.token ?? Buffer.alloc(0);
    token = await userCode(endpoint, 'evaluateChallenge', () => authenticator.evaluateChallenge(challenge));
  }
}

/** Runs authenticator code, wrapping its non-driver failures in an AuthenticationError. */
async function userCode<T>(endpoint: string, step: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof DriverError) throw cause;
    throw new AuthenticationError(
      `authenticator ${step}() failed for ${endpoint}: ${cause instanceof Error ? cause.message : String(cause)}`,
      endpoint,
      { cause },
    );
  }
}
