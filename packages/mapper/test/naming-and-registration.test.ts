import { Field, Mapper, Udt, toSnakeCase } from '@cqlkit/mapper';
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
  it("registers classes with the session's cluster, nested types first, with field → property names", async () => {
    const calls: [
      string,
      string,
      unknown,
      { readonly fields?: Readonly<Record<string, string>> } | undefined,
    ][] = [];
    const session = FakeSession.withCluster({
      registerUserType: async (ks, name, ctor, options) => {
        calls.push([ks, name, ctor, options]);
      },
    });
    const mapper = new Mapper(session.asSession());
    await mapper.registerUdts([OuterType]);
    expect(calls).toEqual([
      ['ks', 'inner_t', Inner, undefined],
      ['ks', 'outer_type', OuterType, { fields: { Label: 'label' } }],
    ]);
  });

  it('propagates the driver’s error for a type that does not exist', async () => {
    class UserTypeDoesNotExist extends Error {}
    const session = FakeSession.withCluster({
      registerUserType: () => Promise.reject(new UserTypeDoesNotExist('ks.inner_t does not exist')),
    });
    await expect(new Mapper(session.asSession()).registerUdts([Inner])).rejects.toBeInstanceOf(
      UserTypeDoesNotExist,
    );
  });
});
