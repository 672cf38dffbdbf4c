import {
  DriverFeatureMissingError,
  Field,
  Mapper,
  Udt,
  toSnakeCase,
  type UserTypeRegistrationOptions,
} from '@cqlkit/mapper';
import { FakeSession } from './fake-session';

describe('naming', () => {
  it.each([
    ['createdAt', 'created_at'],
    ['UserProfile', 'user_profile'],
    ['HTTPServer', 'http_server'],
    ['ipV4Address', 'ip_v4_address'],
    ['already_snake', 'already_snake'],
    ['id2', 'id2'],
  ])('toSnakeCase(%s) = %s', (input, expected) => {
    expect(toSnakeCase(input)).toBe(expected);
  });
});

@Udt({ name: 'inner_t' })
class Inner {
  @Field() value?: string;
}

@Udt()
class OuterType {
  @Field() inner?: Inner;
  @Field({ name: 'Label' }) label?: string;
}

describe('mapper.registerUdts()', () => {
  it('registers classes with the cluster, nested types first, with field → property names', async () => {
    const calls: [string, string, unknown, UserTypeRegistrationOptions | undefined][] = [];
    const cluster = {
      registerUserType: async (
        ks: string,
        name: string,
        ctor: unknown,
        options?: UserTypeRegistrationOptions,
      ) => {
        calls.push([ks, name, ctor, options]);
      },
    };
    const mapper = new Mapper(new FakeSession().asSession(), { cluster });
    await mapper.registerUdts([OuterType]);
    expect(calls).toEqual([
      ['ks', 'inner_t', Inner, undefined],
      ['ks', 'outer_type', OuterType, { fields: { Label: 'label' } }],
    ]);
  });

  it('says what is missing when the cluster cannot register UDT classes', async () => {
    const session = new FakeSession().asSession();
    await expect(new Mapper(session).registerUdts([Inner])).rejects.toThrow(
      new DriverFeatureMissingError(
        'registerUdts(): the mapper has no cluster to register UDT classes with; create it with new Mapper(session, { cluster })',
      ),
    );
    await expect(new Mapper(session, { cluster: {} }).registerUdts([Inner])).rejects.toThrow(
      'registerUdts(): this @cqlkit/driver Cluster has no registerUserType(keyspace, udtName, Class, options)',
    );
  });

  it('propagates the driver’s error for a type that does not exist', async () => {
    class UserTypeDoesNotExist extends Error {}
    const cluster = {
      registerUserType: () => Promise.reject(new UserTypeDoesNotExist('ks.inner_t does not exist')),
    };
    await expect(
      new Mapper(new FakeSession().asSession(), { cluster }).registerUdts([Inner]),
    ).rejects.toBeInstanceOf(UserTypeDoesNotExist);
  });
});
