/** The JSON error body every function and the front door answer with: a code and a message naming the problem. */
export interface Problem {
  error: string;
  message: string;
}

/** A transport-neutral reply: what a function answers, whichever server carries it. */
export interface FunctionReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An error reply with a JSON body. */
export const problem = (status: number, error: string, message: string, headers: Record<string, string> = {}): FunctionReply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: { error, message } satisfies Problem,
});
