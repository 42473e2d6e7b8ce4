import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
let yaml: Yaml | undefined;

/**
 * YAML's parse, loaded on first use: only a CONFIG_FILE or POLICY_FILE needs it, and a function given neither starts
 * without loading it (cold start, measured by `alerts-slm bench`). A require the bundler leaves alone resolves 'yaml'
 * from node_modules, which ships beside dist/ as @electric-sql/pglite does.
 */
export const parseYaml = (text: string): unknown => {
  yaml ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yaml.parse(text);
};
