import { Condition, Opcode, Reaction, rule, SeededRandom, type ProxiedFrame } from '../../src/testing';
import { firstMatchingRule } from '../../src/testing/proxy-rule';

function frame(overrides: Partial<ProxiedFrame> = {}): ProxiedFrame {
  return {
    direction: 'request',
    version: 5,
    flags: 0,
    stream: 1,
    opcode: Opcode.QUERY,
    body: Buffer.from('SELECT * FROM ks.t'),
    framed: true,
    node: 0,
    connection: 0,
    registered: false,
    request: undefined,
    ...overrides,
  };
}

const query = frame();
const prepare = frame({ opcode: Opcode.PREPARE, body: Buffer.from('INSERT INTO ks.u (id) VALUES (?)') });

describe('Condition', () => {
  it('always / never', () => {
    expect(Condition.always().matches(query)).toBe(true);
    expect(Condition.never().matches(query)).toBe(false);
  });

  it('opcode matches any of the listed opcodes', () => {
    expect(Condition.opcode(Opcode.QUERY).matches(query)).toBe(true);
    expect(Condition.opcode(Opcode.EXECUTE, Opcode.PREPARE).matches(query)).toBe(false);
    expect(Condition.opcode(Opcode.EXECUTE, Opcode.PREPARE).matches(prepare)).toBe(true);
    expect(() => Condition.opcode()).toThrow(RangeError);
  });

  it('bodyContains: strings, bytes, case-sensitive or not', () => {
    expect(Condition.bodyContains('ks.t').matches(query)).toBe(true);
    expect(Condition.bodyContains('KS.T').matches(query)).toBe(false);
    expect(Condition.bodyContains('KS.T', { ignoreCase: true }).matches(query)).toBe(true);
    expect(Condition.bodyContains('select', { ignoreCase: true }).matches(query)).toBe(true);
    const magic = Buffer.from([0, 0, 0, 4, 0xde, 0xad, 0xbe, 0xef]);
    const execute = frame({ opcode: Opcode.EXECUTE, body: Buffer.concat([Buffer.from([1, 2, 3]), magic]) });
    expect(Condition.bodyContains(magic).matches(execute)).toBe(true);
    expect(Condition.bodyContains(new Uint8Array([0xbe, 0xef, 0xff])).matches(execute)).toBe(false);
  });

  it('connection, registered and stream', () => {
    expect(Condition.connection(0, 2).matches(frame({ connection: 2 }))).toBe(true);
    expect(Condition.connection(0, 2).matches(frame({ connection: 1 }))).toBe(false);
    expect(Condition.registered().matches(frame({ registered: true }))).toBe(true);
    expect(Condition.registered().matches(query)).toBe(false);
    expect(Condition.stream(7).matches(frame({ stream: 7 }))).toBe(true);
    expect(Condition.stream(7).matches(query)).toBe(false);
  });

  it('inResponseTo looks at the request a response answers', () => {
    const response = frame({
      direction: 'response',
      opcode: Opcode.RESULT,
      body: Buffer.alloc(4),
      request: query,
    });
    expect(Condition.inResponseTo(Condition.bodyContains('ks.t')).matches(response)).toBe(true);
    expect(Condition.inResponseTo(Condition.opcode(Opcode.PREPARE)).matches(response)).toBe(false);
    expect(Condition.inResponseTo(Condition.always()).matches(query)).toBe(false);
  });

  it('and / or / not / all / any', () => {
    const isQuery = Condition.opcode(Opcode.QUERY);
    const hasT = Condition.bodyContains('ks.t');
    expect(isQuery.and(hasT).matches(query)).toBe(true);
    expect(isQuery.and(hasT).matches(prepare)).toBe(false);
    expect(isQuery.or(Condition.bodyContains('ks.u')).matches(prepare)).toBe(true);
    expect(isQuery.not().matches(prepare)).toBe(true);
    expect(Condition.not(isQuery).matches(query)).toBe(false);
    expect(Condition.all(isQuery, hasT).matches(query)).toBe(true);
    expect(Condition.all().matches(query)).toBe(true);
    expect(Condition.any().matches(query)).toBe(false);
    expect(Condition.any(Condition.never(), hasT).matches(query)).toBe(true);
  });

  it('and short-circuits, so a counter on the right only counts frames the left accepted', () => {
    const firstTwoQueries = Condition.opcode(Opcode.QUERY).and(Condition.times(2));
    const results = [prepare, query, prepare, query, query].map((f) => firstTwoQueries.matches(f));
    expect(results).toEqual([false, true, false, true, false]);
  });

  it('times(k) is true for the first k evaluations', () => {
    const twice = Condition.times(2);
    expect([1, 2, 3, 4].map(() => twice.matches(query))).toEqual([true, true, false, false]);
    expect(Condition.times(0).matches(query)).toBe(false);
  });

  it('firstMatches(k) counts frames satisfying the inner condition', () => {
    const firstQuery = Condition.opcode(Opcode.QUERY).firstMatches(1);
    expect([prepare, query, query].map((f) => firstQuery.matches(f))).toEqual([false, true, false]);
  });

  it('nthMatch(n) is true only for the n-th satisfying frame', () => {
    const secondQuery = Condition.opcode(Opcode.QUERY).nthMatch(2);
    expect([query, prepare, query, query].map((f) => secondQuery.matches(f))).toEqual([
      false,
      false,
      true,
      false,
    ]);
    expect(() => Condition.always().nthMatch(0)).toThrow(RangeError);
    expect(() => Condition.always().firstMatches(-1)).toThrow(RangeError);
  });

  it('probability draws from a seeded generator: same seed, same decisions', () => {
    const draws = (seed: number) => {
      const c = Condition.probability(0.3, { seed });
      return Array.from({ length: 200 }, () => c.matches(query));
    };
    expect(draws(42)).toEqual(draws(42));
    expect(draws(42)).not.toEqual(draws(43));
    const hits = draws(7).filter(Boolean).length;
    expect(hits).toBeGreaterThan(35);
    expect(hits).toBeLessThan(85);
    expect(Array.from({ length: 50 }, () => Condition.probability(0).matches(query))).not.toContain(true);
    expect(Condition.probability(1).matches(query)).toBe(true);
    expect(() => Condition.probability(1.5)).toThrow(RangeError);
  });

  it('when wraps any predicate and descriptions read well', () => {
    const even = Condition.when((f) => f.stream % 2 === 0, 'even stream');
    expect(even.matches(frame({ stream: 4 }))).toBe(true);
    expect(even.and(Condition.opcode(Opcode.QUERY)).description).toBe('(even stream and opcode in [0x7])');
  });
});

describe('SeededRandom', () => {
  it('is reproducible and stays in [0, 1)', () => {
    const a = new SeededRandom(123);
    const b = new SeededRandom(123);
    const values = Array.from({ length: 1000 }, () => a.next());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('rule evaluation', () => {
  it('first matching rule wins and later rules are not evaluated', () => {
    const laterCounter = Condition.times(1);
    const rules = [
      rule(Condition.opcode(Opcode.PREPARE), Reaction.drop()),
      rule(Condition.opcode(Opcode.QUERY), Reaction.delay(5)),
      rule(laterCounter, Reaction.closeConnection()),
    ];
    expect(firstMatchingRule(rules, query)?.index).toBe(1);
    expect(firstMatchingRule(rules, prepare)?.index).toBe(0);
    const options = frame({ opcode: Opcode.OPTIONS });
    expect(firstMatchingRule(rules, options)?.index).toBe(2);
    expect(firstMatchingRule(rules, options)).toBeUndefined();
  });
});
