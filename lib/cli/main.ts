import { ConfigError, loadConfig } from '../config/load-config.ts';
import { chooseDriver } from '../store/create-driver.ts';
import { forwardToRunner } from './admin-endpoint.ts';
import { UsageError, type CliIo, type Command } from './command.ts';
import { liveLocalLock } from './local-lock.ts';
import { readLocalSecret } from './webhook-token.ts';

/** While `make run` holds the embedded database, where a command that needs it reaches that process (else null). */
export const runningLocally = (io: CliIo): { adminUrl: string; token: string | null } | null => {
  if (io.store) return null;
  const config = loadConfig(io.env);
  if (chooseDriver(config.database) !== 'pglite') return null;
  const lock = liveLocalLock(config.database.dataDir);
  if (!lock) return null;
  if (!lock.adminUrl)
    throw new Error(
      `the alerts-slm process holding ${config.database.dataDir} (pid ${lock.pid}) takes no commands: a run still starting, or an alerts-slm mcp (stop it, or try again in a moment)`,
    );
  return { adminUrl: lock.adminUrl, token: readLocalSecret(config.database.dataDir, 'admin-token') };
};

const help = (commands: readonly Command[]): string[] => [
  'usage: alerts-slm <command> [options]',
  '',
  'commands:',
  ...commands.map((c) => `  ${c.usage}\n      ${c.summary}`),
  '',
  'configuration comes from the environment (and CONFIG_FILE); see the README.',
];

/** Dispatches `alerts-slm <command>`; resolves with the exit code (2 for a wrong command line, 1 for a failure). */
export const runCli = async (argv: string[], commands: readonly Command[], io: CliIo): Promise<number> => {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    for (const line of help(commands)) io.out(line);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`alerts-slm: unknown command "${name}"`);
    for (const line of help(commands)) io.err(line);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`usage: alerts-slm ${command.usage}\n  ${command.summary}`);
    return 0;
  }
  try {
    const runner = command.usesStore ? runningLocally(io) : null;
    if (runner) return await forwardToRunner(runner.adminUrl, runner.token, argv, io);
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`alerts-slm ${command.name}: ${(error as Error).message}\nusage: alerts-slm ${command.usage}`);
      return 2;
    }
    io.err(`alerts-slm ${command.name}: ${error instanceof ConfigError ? error.message : (error as Error).message}`);
    return 1;
  }
};
