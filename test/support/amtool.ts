import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { onPath } from './on-path.ts';

// Alertmanager's own CLI (Debian's prometheus-alertmanager ships it as /usr/bin/amtool): it loads a configuration
// file with Alertmanager's parser and walks its routing tree with Alertmanager's matching code.

/** Runs amtool on a configuration written to a temporary file. */
export interface Amtool {
  /** `amtool config routes test`: the receivers an alert with these labels goes to, in the tree's order. */
  routes(config: unknown, labels: Record<string, string>): string[];
  /** `amtool check-config`: null when the configuration is valid, amtool's complaint otherwise. */
  check(config: unknown): string | null;
}

const runOn = (bin: string, config: unknown, args: (file: string) => string[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'amtool-'));
  try {
    const file = join(dir, 'alertmanager.yml');
    writeFileSync(file, stringify(config));
    return spawnSync(bin, args(file), { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** amtool (AMTOOL_BIN overrides the PATH lookup), or why it cannot be used. */
export const findAmtool = (): Amtool | { missing: string } => {
  const bin = process.env.AMTOOL_BIN ?? onPath(['amtool']);
  if (!bin) return { missing: 'amtool not found on PATH: install the Debian package prometheus-alertmanager, as .ci/run does' };
  return {
    routes(config, labels) {
      const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
      const r = runOn(bin, config, (file) => ['config', 'routes', 'test', `--config.file=${file}`, ...pairs]);
      if (r.status !== 0) throw new Error(`amtool config routes test ${pairs.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
      return r.stdout.trim().split(',');
    },
    check(config) {
      const r = runOn(bin, config, (file) => ['check-config', file]);
      return r.status === 0 ? null : `${r.stdout}${r.stderr}`.trim();
    },
  };
};
