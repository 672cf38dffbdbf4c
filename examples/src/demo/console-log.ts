/** Writes progress lines: `[tag] message`. */
export type Log = (message: string) => void;

/** A {@link Log} that prefixes every line of every message with `[tag]` on stdout. */
export function taggedLog(tag: string): Log {
  return (message) => {
    for (const line of message.split('\n')) process.stdout.write(line ? `[${tag}] ${line}\n` : `[${tag}]\n`);
  };
}
