/** Rows and the number of rows a statement touched. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** What repositories run statements on: the driver itself, or a transaction. */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements (no parameters): migrations. */
  exec(script: string): Promise<void>;
}

/** One of the three Postgres drivers, behind the same small interface. */
export interface SqlDriver extends Sql {
  readonly name: 'pg' | 'neon' | 'pglite';
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
