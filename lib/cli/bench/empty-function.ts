import faas from 'faas-js-runtime';

// The cold-start baseline (dist/bench-empty.js): a function that answers 200 and nothing else, bundled and served by
// faas-js-runtime like ours, with probes answering 200 as ours do (the runtime's own turn 503 while the loop lags).
type Reply = { code(status: number): Reply; header(name: string, value: string): Reply; send(body: string): void };
const ok = (_request: unknown, reply: Reply) => reply.code(200).header('content-type', 'text/plain').send('OK');

await faas.start(
  { handle: () => ({ statusCode: 200 }), liveness: ok, readiness: ok } as never,
  { port: Number(process.env.PORT ?? 8080), logLevel: 'fatal', includeRaw: false } as never,
);
