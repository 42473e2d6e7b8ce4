import test from 'ava';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const BIOME = resolve('node_modules/.bin/biome');

interface Finding {
  category: string;
  message: string;
  location: { path: string };
}

// Lints one file holding `importLine` at `path` in a scratch tree with the project's biome.json: the rules as
// make lint applies them, without touching the checkout.
const lintImport = async (path: string, importLine: string): Promise<Finding[]> => {
  const root = mkdtempSync(join(tmpdir(), 'import-rules-'));
  try {
    copyFileSync('biome.json', join(root, 'biome.json'));
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${importLine}\n\nexport const used = imported;\n`);
    const { stdout } = await promisify(execFile)(BIOME, ['lint', '--colors=off', '--vcs-enabled=false', '--reporter=json', '.'], {
      cwd: root,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { diagnostics: Finding[] };
    return report.diagnostics.filter((d) => d.category === 'lint/style/noRestrictedImports');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
};

const refused = [
  ['lib/domain/probe.ts', "import { imported } from '../kube/kube-clients.ts';", 'lib/domain is the shared vocabulary'],
  ['lib/domain/probe.ts', "import { imported } from 'pg';", 'lib/domain is pure'],
  ['lib/policy/probe.ts', "import { imported } from '../store/create-store.ts';", 'lib/policy is pure decision logic'],
  ['lib/catalog/probe.ts', "import { imported } from '@kubernetes/client-node';", 'lib/catalog is pure'],
  ['lib/kube/probe.ts', "import { imported } from '../store/create-store.ts';", 'lib/kube is an adapter'],
  ['lib/store/probe.ts', "import { imported } from '../runtime/invoker.ts';", 'lib/store is an adapter'],
  ['lib/cli/probe.ts', "import { imported } from '../../functions/ingest/handler.ts';", 'lib never imports functions/'],
] as const;

for (const [path, line, message] of refused) {
  test(`an import against the direction is refused: ${path} ${line.replace(/^.* from /, 'from ').replace(/;$/, '')}`, async (t) => {
    const findings = await lintImport(path, line);
    t.is(findings.length, 1, JSON.stringify(findings));
    t.true(findings[0]?.message.startsWith(message), findings[0]?.message);
  });
}

const allowed = [
  ['lib/domain/probe.ts', "import { imported } from '../errors/errors.ts';"],
  ['lib/policy/probe.ts', "import { imported } from '../domain/target.ts';"],
  ['lib/kube/probe.ts', "import { imported } from '../ports/cluster.ts';"],
  ['functions/analyze/probe.ts', "import { imported } from '../../lib/store/create-store.ts';"],
] as const;

for (const [path, line] of allowed) {
  test(`an import along the direction passes: ${path} ${line.replace(/^.* from /, 'from ').replace(/;$/, '')}`, async (t) => {
    t.deepEqual(await lintImport(path, line), []);
  });
}
