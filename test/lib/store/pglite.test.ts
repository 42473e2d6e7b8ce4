import { storeContract } from './store-contract.ts';

// Always: the embedded driver `make run` uses, one in-memory instance for this file.
storeContract('pglite');
