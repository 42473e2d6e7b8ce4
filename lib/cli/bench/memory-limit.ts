import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** Where the ingest load bench records the peak resident memory it measured (a test keeps the limit above it). */
export const MEASURED_FILE = 'knative/ingest-memory.measured.json';

/** What MEASURED_FILE holds: the peak resident memory of ingest under the bench's load, and how it was measured. */
export interface MeasuredMemory {
  peakBytes: number;
  /** Webhooks in flight during the load (the Service's containerConcurrency may not exceed it). */
  inFlight: number;
  /** The NODE_OPTIONS ingest ran with: the manifest's, read at the time. */
  nodeOptions: string;
  load: string;
  measuredAt: string;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9 };

/** A Kubernetes memory quantity ("256Mi", "300M", "268435456") in bytes. */
export const quantityBytes = (quantity: string): number => {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(quantity.trim());
  if (!match) throw new Error(`unsupported memory quantity ${JSON.stringify(quantity)}`);
  return Number(match[1]) * (UNITS[match[2] ?? ''] as number);
};

interface ServiceDoc {
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    template?: {
      spec?: {
        containerConcurrency?: number;
        containers?: { env?: { name: string; value?: string }[]; resources?: { limits?: { memory?: string } } }[];
      };
    };
  };
}

/** The memory limit (bytes), containerConcurrency and NODE_OPTIONS of Knative Service `name` in a services manifest. */
export const serviceLimits = (
  manifestFile: string,
  name: string,
): { memoryBytes: number; containerConcurrency: number; nodeOptions: string } => {
  const docs = parseAllDocuments(readFileSync(manifestFile, 'utf8')).map((d) => d.toJS() as ServiceDoc | null);
  const service = docs.find((d) => d?.kind === 'Service' && d.metadata?.name === name);
  const spec = service?.spec?.template?.spec;
  const container = spec?.containers?.[0];
  const memory = container?.resources?.limits?.memory;
  if (!memory) throw new Error(`${manifestFile}: Service ${name} has no memory limit`);
  const nodeOptions = container?.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '';
  return { memoryBytes: quantityBytes(memory), containerConcurrency: spec?.containerConcurrency ?? 0, nodeOptions };
};
