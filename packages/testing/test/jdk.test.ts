import { chooseJdk, type JdkCandidate, NoSuitableJdkError, parseJavaMajorVersion } from '../src/jars/jdk';

describe('parseJavaMajorVersion', () => {
  it.each([
    [
      'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)',
      17,
    ],
    ['openjdk version "11.0.24" 2024-07-16', 11],
    ['java version "1.8.0_292"\nJava(TM) SE Runtime Environment', 8],
    ['openjdk version "25" 2025-09-16\nOpenJDK Runtime Environment Temurin-25+36', 25],
    ['openjdk version "21-ea" 2023-09-19', 21],
    ['openjdk version "17" 2021-09-14', 17],
  ])('reads the major version of %j', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('returns undefined when there is no version string', () => {
    expect(parseJavaMajorVersion('bash: java: command not found')).toBeUndefined();
    expect(parseJavaMajorVersion('version "abc"')).toBeUndefined();
  });
});

describe('chooseJdk', () => {
  const jdk = (home: string, major?: number): JdkCandidate => ({
    home,
    source: 'test',
    major,
    description: '',
  });

  it('prefers 17 over 11 and never picks 18+', () => {
    const chosen = chooseJdk([jdk('/jdk25', 25), jdk('/jdk11', 11), jdk('/jdk17', 17), jdk('/jdk21', 21)]);

    expect(chosen?.home).toBe('/jdk17');
  });

  it('falls back to 11 when there is no 17', () => {
    expect(chooseJdk([jdk('/jdk21', 21), jdk('/jdk11', 11)])?.home).toBe('/jdk11');
  });

  it('keeps the priority order among several JDK 17', () => {
    expect(chooseJdk([jdk('/first', 17), jdk('/second', 17)])?.home).toBe('/first');
  });

  it('finds nothing when only unsupported versions exist', () => {
    expect(chooseJdk([jdk('/jdk25', 25), jdk('/jdk8', 8), jdk('/broken')])).toBeUndefined();
  });

  it('explains what was found and what is needed', () => {
    const error = new NoSuitableJdkError([
      { home: '/jdk25', source: 'PATH', major: 25, description: 'openjdk 25' },
    ]);

    expect(error.message).toMatch(/17 \(preferred\) or 11/);
    expect(error.message).toContain('/jdk25 (PATH): openjdk 25');
  });
});
