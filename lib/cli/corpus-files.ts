import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidError } from '../errors/errors.ts';
import { joinCorpora, parseCorpus, type CorpusEntry } from '../eval/corpus.ts';

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidError(`invalid corpus ${file}: ${(error as Error).message}`);
  }
};

/** The corpus at a path: one JSON file, or every `*.json` file of a directory, in name order. */
export const readCorpus = (path: string): CorpusEntry[] => {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0) throw new InvalidError(`invalid corpus ${path}: the directory holds no .json file`);
  return joinCorpora(files.map((file) => parseCorpus(readJson(file), `corpus ${file}`)));
};
