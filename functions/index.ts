// The image's entry: one image, four Knative Services, each naming its function in FUNCTION. It imports
// nothing itself, so a Service loads only its own function's bundle (cold start).
const FUNCTIONS: readonly string[] = ['ingest', 'analyze', 'execute', 'assess', 'dead-letter', 'mcp'];

const name = process.env.FUNCTION ?? '';
if (!FUNCTIONS.includes(name)) {
  const msg = `FUNCTION must name one of ${FUNCTIONS.join(', ')} (got ${JSON.stringify(name)})`;
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg }) + '\n');
  process.exit(1);
}
// Bundled, each function is its own file next to this one (dist/<name>.js); from source, functions/<name>/index.ts.
const url = new URL(import.meta.url.endsWith('.ts') ? `./${name}/index.ts` : `./${name}.js`, import.meta.url);
const fn = (await import(url.href)) as { main(): Promise<unknown> };
await fn.main();
