import { SchemaAgreementError as DriverSchemaAgreementError } from '@cqlkit/driver';
import { LockLostError, SchemaAgreementError } from '@cqlkit/migrations';

import { agreementAwareSession } from '../src/agreement-aware-session';
import { sessionSchemaAgreement } from '../src/schema-agreement';
import { FakeSession } from './fake-session';

describe('sessionSchemaAgreement', () => {
  it("waits through the driver's awaitSchemaAgreement with the configured timeout", async () => {
    const session = new FakeSession();
    const spy = jest.spyOn(session, 'awaitSchemaAgreement');
    await sessionSchemaAgreement(session, 1234).awaitAgreement('after X');
    expect(spy).toHaveBeenCalledWith({ timeoutMs: 1234 });
  });

  it('turns a driver timeout into an error naming what changed and each host’s version', async () => {
    const session = new FakeSession();
    session.agreementError = new DriverSchemaAgreementError(
      'no agreement',
      500,
      new Map([
        ['10.0.0.1:9042', 'v2'],
        ['10.0.0.2:9042', 'v2'],
        ['10.0.0.3:9042', 'v1'],
      ]),
    );
    const error = await sessionSchemaAgreement(session, 500)
      .awaitAgreement('after V3 statement 2 (line 4) of V3__x.cql')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaAgreementError);
    expect((error as SchemaAgreementError).hostVersions.get('10.0.0.3:9042')).toBe('v1');
    expect((error as Error).message).toBe(
      'no schema agreement within 500 ms after V3 statement 2 (line 4) of V3__x.cql: 10.0.0.1:9042, 10.0.0.2:9042 at v2; ' +
        '10.0.0.3:9042 at v1. Check that every node is up and reachable (nodetool describecluster), then run `up` again.',
    );
  });

  it('passes other errors through', async () => {
    const session = new FakeSession();
    session.agreementError = new Error('connection closed');
    await expect(sessionSchemaAgreement(session, 10).awaitAgreement('x')).rejects.toThrow(
      'connection closed',
    );
  });
});

describe('agreementAwareSession', () => {
  const schemaChange = { change: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 't' } as const;

  it('awaits agreement after a statement that changed the schema, and counts statements', async () => {
    const session = new FakeSession().on(/CREATE/, () => ({ schemaChange }));
    const contexts: string[] = [];
    const wrapped = agreementAwareSession(session, {
      agreement: { awaitAgreement: async (c) => void contexts.push(c) },
      lease: { assertHeld: () => undefined },
      context: 'in V4 V4__x.ts',
    });
    await wrapped.proxy.execute('INSERT INTO t (id) VALUES (1)');
    await wrapped.proxy.execute('CREATE TABLE t (id int PRIMARY KEY)');
    expect(contexts).toEqual(['in V4 V4__x.ts after CREATED TABLE ks.t']);
    expect(wrapped.statementCount()).toBe(2);
  });

  it('refuses to execute once the lock is lost', async () => {
    const session = new FakeSession();
    const wrapped = agreementAwareSession(session, {
      agreement: { awaitAgreement: async () => undefined },
      lease: {
        assertHeld: () => {
          throw new LockLostError('expired');
        },
      },
      context: 'x',
    });
    await expect(wrapped.proxy.execute('SELECT 1 FROM t')).rejects.toThrow(LockLostError);
    expect(session.executed).toEqual([]);
  });

  it('keeps the session’s other members, bound to the session', async () => {
    const session = new FakeSession();
    session.keyspace = 'shop';
    const { proxy } = agreementAwareSession(session, {
      agreement: { awaitAgreement: async () => undefined },
      lease: { assertHeld: () => undefined },
      context: 'x',
    });
    expect(proxy).toBeInstanceOf(FakeSession);
    expect(proxy.keyspace).toBe('shop');
    const { useKeyspace } = proxy;
    await useKeyspace('other');
    expect(session.keyspace).toBe('other');
  });
});
