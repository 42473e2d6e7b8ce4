import { TargetKind, targetKey } from '../events/target.ts';
import { UsageError } from './command.ts';

/** `ns/kind/name` (or `kind/name` for a Node) from the command line as a target key; the kind in any case. */
export const targetKeyArgument = (text: string): string => {
  const parts = text.split('/');
  const [namespace, kindText, name] = parts.length === 2 ? [null, parts[0], parts[1]] : parts;
  const kind = TargetKind.options.find((k) => k.toLowerCase() === kindText?.toLowerCase());
  if (parts.length < 2 || parts.length > 3 || !kind || !name) {
    throw new UsageError(`--target ${JSON.stringify(text)}: expected namespace/kind/name (or kind/name for a Node), kind one of ${TargetKind.options.join(', ')}`);
  }
  return targetKey({ kind, namespace: namespace ?? null, name });
};
