import test from 'ava';
import { inspect } from 'node:util';
import type * as z from 'zod';
import { matches } from '../../../lib/alertmanager/matchers.ts';
import { Config } from '../../../lib/config/config-schema.ts';
import { ConfigError, loadConfig } from '../../../lib/config/load-config.ts';

const files = (map: Record<string, string>) => (path: string) => {
  const text = map[path];
  if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  return text;
};

test('with nothing set, the embedded defaults apply', (t) => {
  const c = loadConfig({});
  t.is(c.webhook.port, 8080);
  t.is(c.webhook.authToken, null);
  t.is(c.slm.model, 'granite3.1-dense:8b');
  t.is(c.slm.timeoutMs, 45_000);
  t.is(c.slm.budgetMs, 100_000);
  t.is(c.webhook.host, null);
  t.deepEqual(c.filter.severities, ['critical', 'warning']);
  t.is(c.filter.matchers[0]?.op, '!~');
  t.true(c.dryRun, 'changes need DRY_RUN=false');
  t.is(c.broker.url, null);
});

test('environment variables set their keys, with types coerced', (t) => {
  const c = loadConfig({
    WEBHOOK_PORT: '9090',
    SLM_TEMPERATURE: '0.7',
    SLM_TIMEOUT: '1m30s',
    DRY_RUN: 'yes',
    FILTER_NAMESPACES: 'shop, payments',
    K_SINK: 'http://broker/x',
  });
  t.is(c.webhook.port, 9090);
  t.is(c.slm.temperature, 0.7);
  t.is(c.slm.timeoutMs, 90_000);
  t.true(c.dryRun);
  t.deepEqual(c.filter.namespaces, ['shop', 'payments']);
  t.is(c.broker.url, 'http://broker/x');
});

test('BROKER_URL wins over K_SINK, WEBHOOK_PORT over PORT, SLM_ENDPOINT over OLLAMA_HOST', (t) => {
  const c = loadConfig({
    BROKER_URL: 'http://a/',
    K_SINK: 'http://b/',
    PORT: '1',
    WEBHOOK_PORT: '2',
    OLLAMA_HOST: 'x:1',
    SLM_ENDPOINT: 'http://y:2',
  });
  t.is(c.broker.url, 'http://a/');
  t.is(c.webhook.port, 2);
  t.is(c.slm.endpoint, 'http://y:2/');
});

test("OLLAMA_HOST may be a bare host:port, as Ollama's own variable allows", (t) => {
  t.is(loadConfig({ OLLAMA_HOST: '10.0.0.5:11434' }).slm.endpoint, 'http://10.0.0.5:11434/');
});

test('FILTER_MATCHERS takes the RE2 regexes every Alertmanager config may hold', (t) => {
  const [m] = loadConfig({ FILTER_MATCHERS: 'alertname=~"(?i)watchdog"' }).filter.matchers;
  t.true(matches(m!, { alertname: 'WatchDog' }));
});

test('a YAML list of matchers parses each item alone, braces and all, as Alertmanager does', (t) => {
  const read = files({ '/m.yaml': 'filter:\n  matchers:\n    - \'{team="shop"}\'\n    - severity=~"critical|warning"\n' });
  const c = loadConfig({ CONFIG_FILE: '/m.yaml' }, read);
  t.deepEqual(
    c.filter.matchers.map((m) => [m.name, m.op, m.value]),
    [
      ['team', '=', 'shop'],
      ['severity', '=~', 'critical|warning'],
    ],
  );
});

test('a YAML file sets nested keys and the environment wins over it', (t) => {
  const read = files({ '/etc/a.yaml': 'webhook:\n  port: 7000\nslm:\n  model: granite3.1-dense:2b\nfilter:\n  severities: [critical]\n' });
  const c = loadConfig({ CONFIG_FILE: '/etc/a.yaml', SLM_MODEL: 'granite3.3:8b' }, read);
  t.is(c.webhook.port, 7000);
  t.is(c.slm.model, 'granite3.3:8b');
  t.deepEqual(c.filter.severities, ['critical']);
});

const rejects = (env: Record<string, string>, message: RegExp, read?: (p: string) => string) => (t: import('ava').ExecutionContext) => {
  const error = t.throws(() => loadConfig(env, read), { instanceOf: ConfigError });
  t.regex(error.message, message);
};

test(
  'a bad number names the variable and why',
  rejects({ SLM_TEMPERATURE: 'hot' }, /^invalid configuration: SLM_TEMPERATURE: expected a number from 0 to 2$/),
);
test('a bad port names the variable', rejects({ WEBHOOK_PORT: '70000' }, /WEBHOOK_PORT: expected an integer from 1 to 65535/));
test('a bad duration names the variable', rejects({ SLM_TIMEOUT: 'soon' }, /SLM_TIMEOUT: "soon" is not a duration/));
test(
  'a duration without a unit names the variable and asks for a unit',
  rejects({ SLM_TIMEOUT: '30' }, /^invalid configuration: SLM_TIMEOUT: "30" has no unit; write 30s/),
);
test(
  'a tick interval without a unit is refused, not read as milliseconds',
  rejects({ ASSESS_TICK_INTERVAL: '5' }, /ASSESS_TICK_INTERVAL: "5" has no unit; write 5s/),
);
test(
  'a duration without a unit in the file names the file and the key',
  rejects(
    { CONFIG_FILE: '/c.yaml' },
    /^invalid configuration: \/c\.yaml: slm\.timeoutMs: "30" has no unit; write 30s/,
    files({ '/c.yaml': 'slm:\n  timeoutMs: 30\n' }),
  ),
);
test(
  'a policy duration without a unit names POLICY_FILE, its file and the key',
  rejects(
    { POLICY_FILE: '/p.yaml' },
    /^invalid configuration: POLICY_FILE \/p\.yaml: blastRadius\.windowMs: "3600" has no unit; write 3600s/,
    files({ '/p.yaml': 'blastRadius:\n  windowMs: 3600\n' }),
  ),
);

test('a zero duration needs no unit', (t) => {
  t.is(loadConfig({ SLM_CACHE_TTL: '0' }).slm.cacheTtlMs, 0);
  t.is(loadConfig({ CONFIG_FILE: '/c.yaml' }, files({ '/c.yaml': 'policy:\n  cooldownMs: 0\n' })).policy.cooldownMs, 0);
});
test('a bad boolean names the variable', rejects({ DRY_RUN: 'maybe' }, /DRY_RUN: expected true or false/));
test('a bad URL names the variable', rejects({ BROKER_URL: 'ftp://x' }, /BROKER_URL: expected an http/));
test(
  'a bad matcher names the variable and the matcher',
  rejects({ FILTER_MATCHERS: 'severity' }, /FILTER_MATCHERS: bad matcher format: severity$/),
);
test('a regex RE2 refuses names the variable', rejects({ FILTER_MATCHERS: 'a=~"(?=b)"' }, /FILTER_MATCHERS: error parsing regexp: /));
test('an unknown provider names the variable', rejects({ SLM_PROVIDER: 'gpt' }, /SLM_PROVIDER: /));
test(
  'a bad key in the file names the file and the path',
  rejects({ CONFIG_FILE: '/c.yaml' }, /\/c\.yaml: webhook\.port: /, files({ '/c.yaml': 'webhook:\n  port: eighty\n' })),
);
test(
  'a misspelt key in the file is refused, not ignored',
  rejects(
    { CONFIG_FILE: '/c.yaml' },
    /^invalid configuration: \/c\.yaml: unknown key "webhok"; known keys: logLevel, webhook, broker, /,
    files({ '/c.yaml': 'webhok:\n  port: 1\n' }),
  ),
);
test(
  'a misspelt key inside a section names the file, the section and the key',
  rejects(
    { CONFIG_FILE: '/c.yaml' },
    /^invalid configuration: \/c\.yaml: slm: unknown key "modle"; known keys: provider, endpoint, model, /,
    files({ '/c.yaml': 'slm:\n  modle: granite3.3:8b\n' }),
  ),
);
// Every object section of the schema, nested ones too (policy.bounds, policy.oscillation…), read off the schema
// itself so that a section added later is covered without editing this list.
const sections = (schema: z.ZodType, path: string[] = []): string[][] => {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
  if (def.innerType) return sections(def.innerType, path);
  if (def.type !== 'object' || !def.shape) return [];
  return [...(path.length ? [path] : []), ...Object.entries(def.shape).flatMap(([key, inner]) => sections(inner, [...path, key]))];
};
const SECTIONS = sections(Config);
test('the strictness tests below cover every section of the configuration, nested ones included', (t) => {
  const names = SECTIONS.map((s) => s.join('.'));
  for (const known of ['webhook', 'eventAuth', 'retention', 'deadLetter', 'mcp', 'policy', 'policy.bounds', 'policy.oscillation'])
    t.true(names.includes(known), known);
});
for (const path of SECTIONS) {
  const section = path.join('.');
  const yaml = `${path.map((key, i) => `${'  '.repeat(i)}${key}:\n`).join('')}${'  '.repeat(path.length)}tpyo: 1\n`;
  const escaped = section.replaceAll('.', '\\.');
  test(
    `an unknown key in the file's ${section} section is refused`,
    rejects(
      { CONFIG_FILE: '/c.yaml' },
      new RegExp(`^invalid configuration: /c\\.yaml: ${escaped}: unknown key "tpyo"; known keys: `),
      files({ '/c.yaml': yaml }),
    ),
  );
}
test(
  'an unknown key in the policy file names POLICY_FILE and its file',
  rejects(
    { POLICY_FILE: '/p.yaml' },
    /^invalid configuration: POLICY_FILE \/p\.yaml: bounds: unknown key "maxReplica"; known keys: maxReplicas, /,
    files({ '/p.yaml': 'bounds:\n  maxReplica: 5\n' }),
  ),
);
test(
  'an unreadable file is named',
  rejects({ CONFIG_FILE: '/missing.yaml' }, /CONFIG_FILE: cannot read \/missing\.yaml \(ENOENT\)/, files({})),
);
test('broken YAML is named', rejects({ CONFIG_FILE: '/b.yaml' }, /CONFIG_FILE \/b\.yaml: /, files({ '/b.yaml': 'a: [1,\n' })));
test(
  'a bad key in the policy file names POLICY_FILE, its file and the key, even beside a CONFIG_FILE',
  rejects(
    { CONFIG_FILE: '/c.yaml', POLICY_FILE: '/p.yaml' },
    /^invalid configuration: POLICY_FILE \/p\.yaml: bounds\.maxReplicas: /,
    files({ '/c.yaml': 'logLevel: info\n', '/p.yaml': 'bounds:\n  maxReplicas: many\n' }),
  ),
);

test('the token can come from a mounted file, trimmed', (t) => {
  const c = loadConfig({ WEBHOOK_AUTH_TOKEN_FILE: '/var/run/secrets/t' }, files({ '/var/run/secrets/t': 's3cr3t-token\n' }));
  t.is(c.webhook.authToken?.reveal(), 's3cr3t-token');
});

test('secrets never show in logs, JSON or errors', (t) => {
  const c = loadConfig({ WEBHOOK_AUTH_TOKEN: 'hunter2-token', DATABASE_URL: 'postgres://u:pw-secret@db/x', SLM_API_KEY: 'sk-key' });
  const shown = [JSON.stringify(c), inspect(c, { depth: 10 }), String(c.webhook.authToken), `${c.database.url}`].join('\n');
  for (const secret of ['hunter2-token', 'pw-secret', 'sk-key']) t.false(shown.includes(secret));
  t.is(c.database.url?.reveal(), 'postgres://u:pw-secret@db/x');
  const error = t.throws(() => loadConfig({ CONFIG_FILE: '/c.yaml' }, files({ '/c.yaml': 'webhook:\n  authToken: "  "\n' })), {
    instanceOf: ConfigError,
  });
  t.is(error.message, 'invalid configuration: /c.yaml: webhook.authToken: must not be empty');
});

test('KUBE_MCP_URL and KUBE_MCP_TOKEN_FILE set the Kubernetes MCP server analyze reads through; unset, there is none', (t) => {
  t.like(loadConfig({}, files({})).kube, { mcpUrl: null, mcpTokenFile: null });
  const kube = loadConfig(
    { KUBE_MCP_URL: 'http://kubernetes-mcp-server.mcp.svc:8080/mcp', KUBE_MCP_TOKEN_FILE: '/var/run/secrets/mcp/token' },
    files({}),
  ).kube;
  t.like(kube, { mcpUrl: 'http://kubernetes-mcp-server.mcp.svc:8080/mcp', mcpTokenFile: '/var/run/secrets/mcp/token' });
});

test(
  'a KUBE_MCP_URL that is not an http(s) URL names the variable',
  rejects({ KUBE_MCP_URL: 'stdio:kubernetes-mcp-server' }, /KUBE_MCP_URL: expected an http/),
);
