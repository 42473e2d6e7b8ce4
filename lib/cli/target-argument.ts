import { parseTargetKey, TARGET_KEY_FORMAT, targetKey } from '../domain/target.ts';
import { UsageError } from './command.ts';

/** `ns/kind/name` (or `kind/name` for a Node) from the command line as a target key; the kind in any case. */
export const targetKeyArgument = (text: string): string => {
  const target = parseTargetKey(text);
  if (!target) throw new UsageError(`--target ${JSON.stringify(text)}: expected ${TARGET_KEY_FORMAT}`);
  return targetKey(target);
};
