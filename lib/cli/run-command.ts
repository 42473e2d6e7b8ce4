import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { createRuntime } from '../runtime/create-runtime.ts';
import type { CliIo, Command } from './command.ts';
import { runLocal, type LocalFunctions } from './local-runner.ts';
import { probeModel } from '../slm/probe-model.ts';
import { webhookTokenFile } from './webhook-token.ts';
import type { Config } from '../config/config-schema.ts';
import { redactUrls } from '../config/redact-url.ts';
import { probeCluster } from '../kube/probe-cluster.ts';
import { clusterLines } from './cluster-line.ts';

const banner = (webhookUrl: string, dataDir: string, functions: LocalFunctions, tokenFromEnv: boolean): string[] => {
  const token = tokenFromEnv ? '$WEBHOOK_AUTH_TOKEN' : `$(cat ${webhookTokenFile(dataDir)})`;
  const running = Object.keys(functions).join(', ');
  return [
    '',
    `  alerts-slm is running: ${running}`,
    `  webhook (point Alertmanager here): POST ${webhookUrl}`,
    `  bearer token: ${tokenFromEnv ? 'WEBHOOK_AUTH_TOKEN' : `${webhookTokenFile(dataDir)} (generated)`}`,
    '',
    '  try it:',
    `    curl -sS -X POST ${webhookUrl} -H "Authorization: Bearer ${token}" \\`,
    `      -H 'Content-Type: application/json' --data-binary @test/fixtures/alertmanager/0032-default-firing-3alerts.json`,
    `    npx alerts-slm replay test/fixtures/alertmanager --to ${webhookUrl} --token-file ${webhookTokenFile(dataDir)}`,
    '',
  ];
};

// On a laptop the model is often not running: say so once and let the rules answer, rather than time out on every alert.
const withReachableModel = async (config: Config, io: { err: (line: string) => void }): Promise<Config> => {
  if (config.slm.provider === 'none') {
    io.err('  analyze: SLM_PROVIDER=none, the rules analyzer answers');
    return config;
  }
  const probe = await probeModel(config.slm);
  if (probe.ok) {
    io.err(`  analyze: model ${config.slm.model} at ${redactUrls(config.slm.endpoint)}`);
    return config;
  }
  io.err(
    redactUrls(`  analyze: model unavailable (${probe.reason}); the rules analyzer answers. Start it, or set SLM_ENDPOINT / OLLAMA_HOST.`),
  );
  return { ...config, slm: { ...config.slm, provider: 'none' } };
};

/** `alerts-slm run`: the whole pipeline in one process with embedded defaults (what `make run` starts). */
export const runCommand = (
  loadFunctions: () => Promise<LocalFunctions>,
  runCommandLine?: { run: (args: string[], io: CliIo) => Promise<number>; allowed: readonly string[] },
): Command => ({
  name: 'run',
  usage: 'run [--manifests knative]',
  summary: 'run the pipeline locally: ingest on WEBHOOK_PORT, a local broker routing by the Triggers in knative/',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { manifests: { type: 'string', default: 'knative' } } });
    const config = await withReachableModel(loadConfig(io.env), io);
    const runtime = createRuntime(config);
    const functions = await loadFunctions();
    const run = await runLocal({
      functions,
      runtime,
      manifestsDir: values.manifests,
      ...(runCommandLine ? { runCommand: runCommandLine } : {}),
    });
    // Which cluster, whether it answers, whether changes are live: said before "running", never assumed.
    for (const line of clusterLines(await probeCluster(config.kube), config.dryRun)) io.err(line);
    for (const line of banner(run.webhookUrl, config.database.dataDir, functions, config.webhook.authToken !== null)) io.err(line);
    // Runs until SIGINT/SIGTERM: faas-js-runtime's handler drains, calls our shutdown, then exits.
    return new Promise<number>(() => {});
  },
});
