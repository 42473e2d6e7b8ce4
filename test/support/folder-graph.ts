import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Folder-level import graph of functions/ and lib/<folder> (lib/cli/bench and lib/mcp/tools count as their parent). */
export interface FolderGraph {
  edges: Map<string, Set<string>>;
  /** For each edge `a -> b`, the imports that make it. */
  because: Map<string, string[]>;
}

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

const folderOf = (root: string, file: string): string | null => {
  const parts = relative(root, file).split(sep);
  if (parts[0] === 'functions') return 'functions';
  return parts[0] === 'lib' && parts.length > 2 ? `lib/${parts[1]}` : null;
};

/** Reads every relative import under `root`'s functions/ and lib/. */
export const folderGraph = (root: string): FolderGraph => {
  const edges = new Map<string, Set<string>>();
  const because = new Map<string, string[]>();
  for (const file of [...sources(join(root, 'functions')), ...sources(join(root, 'lib'))]) {
    const from = folderOf(root, file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const to = folderOf(root, resolve(dirname(file), m[1] ?? ''));
      if (!from || !to || from === to) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
      because.set(`${from} -> ${to}`, [...(because.get(`${from} -> ${to}`) ?? []), `${relative(root, file)} imports ${m[1]}`]);
    }
  }
  return { edges, because };
};

/** The cycles of the graph, each as its folders in order (Tarjan's strongly connected components of size > 1). */
export const folderCycles = ({ edges }: FolderGraph): string[][] => {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) ?? 0, order.get(w) ?? 0));
    }
    if (low.get(v) !== order.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w) component.push(w);
    } while (w && w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of edges.keys()) if (!order.has(v)) visit(v);
  return cycles;
};

/** One line per folder: what it imports. */
export const describeGraph = ({ edges }: FolderGraph): string[] =>
  [...edges].sort(([a], [b]) => a.localeCompare(b)).map(([from, to]) => `${from} -> ${[...to].sort().join(', ')}`);

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const graph = folderGraph(process.argv[2] ?? '.');
  for (const line of describeGraph(graph)) console.log(line);
  const cycles = folderCycles(graph);
  console.log(cycles.length === 0 ? 'no folder cycles' : cycles.map((c) => `cycle: ${c.join(' ')}`).join('\n'));
}
