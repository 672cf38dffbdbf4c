import { demuxDockerLog } from '../src/docker/container-logs';
import { dockerClusterName } from '../src/docker/docker-cluster';
import { IMAGE_PACKAGES, imageDigest, parseAptMirror, rootfsDigest } from '../src/docker/image-build';

describe('the image digest', () => {
  const jars = [
    ['cassandra-all-5.0.9.jar', 'aa'],
    ['jamm-0.4.0.jar', 'bb'],
  ] as const;

  it('is stable, and independent of the order the jars are listed in', () => {
    expect(imageDigest(rootfsDigest(), '5.0.9', jars)).toBe(
      imageDigest(rootfsDigest(), '5.0.9', [...jars].reverse()),
    );
    expect(imageDigest(rootfsDigest(), '5.0.9', jars)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with a jar, the version or the root file system', () => {
    const base = imageDigest(rootfsDigest(), '5.0.9', jars);
    expect(imageDigest(rootfsDigest(), '5.0.9', [jars[0], ['jamm-0.4.0.jar', 'cc']])).not.toBe(base);
    expect(imageDigest(rootfsDigest(), '5.0.8', jars)).not.toBe(base);
    expect(imageDigest('other', '5.0.9', jars)).not.toBe(base);
  });

  it('installs a JRE 17 on top of the minimal Debian base', () => {
    expect(IMAGE_PACKAGES).toContain('openjdk-17-jre-headless');
  });
});

describe('parseAptMirror', () => {
  it('reads the first main-archive URI of a deb822 sources file, skipping security', () => {
    const text = [
      'Types: deb',
      'URIs: http://mirror.example/debian-security',
      'Suites: bookworm-security',
      '',
      'Types: deb',
      'URIs: http://mirror.example/debian',
      'Suites: bookworm bookworm-updates',
    ].join('\n');
    expect(parseAptMirror(text)).toBe('http://mirror.example/debian');
  });

  it('reads one-line sources with options', () => {
    expect(parseAptMirror('deb [arch=amd64] https://mirror.example/debian bookworm main\n')).toBe(
      'https://mirror.example/debian',
    );
    expect(parseAptMirror('# nothing here\n')).toBeUndefined();
  });
});

describe('demuxDockerLog', () => {
  function frame(stream: number, text: string): Buffer {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  }

  it('joins stdout and stderr frames in order', () => {
    const raw = Buffer.concat([frame(1, 'INFO  one\n'), frame(2, 'WARN  two\n'), frame(1, 'INFO  three\n')]);
    expect(demuxDockerLog(raw)).toBe('INFO  one\nWARN  two\nINFO  three\n');
  });

  it('takes a buffer without frame headers as plain text', () => {
    expect(demuxDockerLog(Buffer.from('plain output of a TTY container\n'))).toBe(
      'plain output of a TTY container\n',
    );
  });
});

describe('dockerClusterName', () => {
  it('is the last segment of the cluster dir, made safe for container names', () => {
    expect(dockerClusterName('/root/.cache/cqlkit/clusters/default')).toBe('default');
    expect(dockerClusterName('/tmp/my cluster')).toBe('my-cluster');
  });
});
