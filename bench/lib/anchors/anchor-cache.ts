/**
 * Where the native anchors keep what they build or install, outside the repository:
 * `~/.cache/cqlkit/anchors/` (or `$CQLKIT_ANCHOR_CACHE`) — the Rust target directory and the
 * Python virtual environment. Deleting it costs one rebuild.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The anchors' cache directory. */
export function anchorCacheDir(): string {
  return process.env.CQLKIT_ANCHOR_CACHE?.trim() || join(homedir(), '.cache', 'cqlkit', 'anchors');
}
