import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { createRuntime } from '../runtime/create-runtime.ts';
import type { Command } from './command.ts';
import { runLocal, type LocalFunctions } from './local-runner.ts';

const banner = (webhookUrl: string, dataDir: string, functions: LocalFunctions, tokenFromEnv: boolean): string[] => {
  const token = tokenFromEnv ? '$WEBHOOK_AUTH_TOKEN' : `$(cat ${join(dataDir, 'webhook-token')})`;
  const running = Object.keys(functions).join(', ');
  return [
    '',
    `  alerts-slm is running: ${running}`,
    `  webhook (point Alertmanager here): POST ${webhookUrl}`,
    `  bearer token: ${tokenFromEnv ? 'WEBHOOK_AUTH_TOKEN' : `${join(dataDir, 'webhook-token')} (generated)`}`,
    '',
    '  try it:',
    `    curl -sS -X POST ${webhookUrl} -H "Authorization: Bearer ${token}" \\`,
    `      -H 'Content-Type: application/json' --data-binary @test/fixtures/alertmanager/0032-default-firing-3alerts.json`,
    `    npx alerts-slm replay test/fixtures/alertmanager --to ${webhookUrl} --token-file ${join(dataDir, 'webhook-token')}`,
    '',
  ];
};

/** `alerts-slm run`: the whole pipeline in one process with embedded defaults (what `make run` starts). */
export const runCommand = (loadFunctions: () => Promise<LocalFunctions>): Command => ({
  name: 'run',
  usage: 'run [--manifests knative]',
  summary: 'run the pipeline locally: ingest on WEBHOOK_PORT, a local broker routing by the Triggers in knative/',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { manifests: { type: 'string', default: 'knative' } } });
    const config = loadConfig(io.env);
    const runtime = createRuntime(config);
    const functions = await loadFunctions();
    const run = await runLocal({ functions, runtime, manifestsDir: values.manifests });
    for (const line of banner(run.webhookUrl, config.database.dataDir, functions, config.webhook.authToken !== null)) io.err(line);
    // Runs until SIGINT/SIGTERM: faas-js-runtime's handler drains, calls our shutdown, then exits.
    return new Promise<number>(() => {});
  },
});
