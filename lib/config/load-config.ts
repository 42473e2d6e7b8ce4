import { readFileSync } from 'node:fs';
import { parseYaml } from './parse-yaml.ts';
import * as z from 'zod';
import { Config } from './config-schema.ts';
import { ENV_VARS } from './env-vars.ts';

/** Start-up must stop: the message names the bad key (environment variable or file path) and why, never a value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Raw = Record<string, unknown>;

const setPath = (target: Raw, path: string, value: unknown): void => {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    const copy: Raw = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...(next as Raw) } : {};
    node[key] = copy;
    node = copy;
  }
  node[keys.at(-1) ?? ''] = value;
};

const readFile = (path: string, what: string, read: (p: string) => string): string => {
  try {
    return read(path);
  } catch (error) {
    throw new ConfigError(`invalid configuration: ${what}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
};

const readConfigFile = (path: string, read: (p: string) => string): Raw => {
  try {
    const parsed: unknown = parseYaml(readFile(path, 'CONFIG_FILE', read));
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a mapping at the top level');
    return parsed as Raw;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`invalid configuration: CONFIG_FILE ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
};

/**
 * Builds the configuration from an optional YAML file (`CONFIG_FILE`) and the environment (which wins), then
 * validates it; throws ConfigError naming the offending key.
 */
export const loadConfig = (env: Readonly<Record<string, string | undefined>>, read = (p: string) => readFileSync(p, 'utf8')): Config => {
  const file = env.CONFIG_FILE ? readConfigFile(env.CONFIG_FILE, read) : {};
  const raw: Raw = structuredClone(file);
  const origin = new Map<string, string>();
  for (const v of ENV_VARS) {
    const value = env[v.name];
    if (!v.path || value === undefined || value.trim() === '' || origin.has(v.path)) continue;
    const text = v.file ? readFile(value, v.name, read) : value;
    try {
      setPath(raw, v.path, v.coerce ? v.coerce(text) : text);
    } catch (error) {
      throw new ConfigError(`invalid configuration: ${v.name}: ${(error as Error).message.split('\n')[0]}`);
    }
    origin.set(v.path, v.name);
  }
  const result = Config.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = z.core.toDotPath(issue?.path ?? []);
  throw new ConfigError(`invalid configuration: ${blame(path, origin, env)}${issue?.message ?? 'invalid'}`);
};

// Who set the invalid value: the variable that set it or the part above it (POLICY_FILE sets all of `policy`, and
// its file is named), else CONFIG_FILE.
const blame = (path: string, origin: ReadonlyMap<string, string>, env: Readonly<Record<string, string | undefined>>): string => {
  const owner = [...origin].find(([p]) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const where = owner
    ? [
        ENV_VARS.find((v) => v.name === owner[1])?.file ? `${owner[1]} ${env[owner[1]]}` : owner[1],
        path.slice(owner[0].length).replace(/^\./, ''),
      ]
    : [env.CONFIG_FILE, path];
  const text = where.filter(Boolean).join(': ');
  return text ? `${text}: ` : '';
};
