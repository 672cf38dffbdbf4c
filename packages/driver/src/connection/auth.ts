import { Buffer } from 'node:buffer';
import { InvalidOptionsError } from '../errors';

/**
 * SASL authentication of a connection. When a server answers STARTUP with AUTHENTICATE, the
 * connection asks the configured {@link AuthProvider} for an {@link Authenticator}, sends its
 * initial response, answers each AUTH_CHALLENGE with {@link Authenticator.evaluateChallenge}
 * and finishes on AUTH_SUCCESS.
 *
 * @packageDocumentation
 */

/**
 * One authentication exchange on one connection.
 *
 * @example
 * ```ts
 * class TokenAuthenticator implements Authenticator {
 *   initialResponse() { return Buffer.from(fetchToken()); }
 *   evaluateChallenge() { return Buffer.alloc(0); }
 * }
 * ```
 */
export interface Authenticator {
  /** The first token, sent in AUTH_RESPONSE right after AUTHENTICATE. */
  initialResponse(): Buffer | Promise<Buffer>;
  /** The answer to a server challenge (an empty buffer when the server sent no token). */
  evaluateChallenge(challenge: Buffer): Buffer | Promise<Buffer>;
  /** Called with the server's final token (if any) once AUTH_SUCCESS arrives. */
  onSuccess?(token: Buffer | null): void | Promise<void>;
}

/**
 * Creates an {@link Authenticator} per connection.
 *
 * @example
 * ```ts
 * const provider: AuthProvider = {
 *   newAuthenticator: (endpoint, authenticatorClass) => new TokenAuthenticator(endpoint),
 * };
 * ```
 */
export interface AuthProvider {
  /**
   * @param endpoint `host:port` of the node
   * @param authenticatorClassName the server's authenticator, e.g.
   *   `org.apache.cassandra.auth.PasswordAuthenticator`
   */
  newAuthenticator(endpoint: string, authenticatorClassName: string): Authenticator;
}

/** SASL PLAIN: a single `\0user\0password` token. */
class PlainTextAuthenticator implements Authenticator {
  constructor(private readonly token: Buffer) {}

  initialResponse(): Buffer {
    return this.token;
  }

  evaluateChallenge(): Buffer {
    return this.token;
  }
}

/**
 * User name and password for Cassandra's `PasswordAuthenticator` (and any server accepting SASL
 * PLAIN).
 *
 * @example
 * ```ts
 * const connection = await Connection.open('127.0.0.1', 9042, {
 *   authProvider: new PlainTextAuthProvider('cassandra', 'cassandra'),
 * });
 * ```
 */
export class PlainTextAuthProvider implements AuthProvider {
  private readonly token: Buffer;

  constructor(username: string, password: string) {
    if (username.includes('\0') || password.includes('\0')) {
      throw new InvalidOptionsError(
        'PlainTextAuthProvider: user name and password cannot contain NUL characters',
      );
    }
    const user = Buffer.from(username, 'utf8');
    const pass = Buffer.from(password, 'utf8');
    this.token = Buffer.concat([Buffer.from([0]), user, Buffer.from([0]), pass]);
  }

  newAuthenticator(): Authenticator {
    return new PlainTextAuthenticator(this.token);
  }
}
