export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** A fetch that sends every request of run `run` with the next seed of that run (`Prefer: seed=<run * 1000 + n>`). */
export declare function seededFetch(run: number, onRequest?: (url: string) => void): FetchLike;

/** Runs `scenario(0)` … `scenario(runs - 1)` in turn; one line per run that threw. */
export declare function everyRun(runs: number, scenario: (run: number) => Promise<void>): Promise<string[]>;

/** One error answer a spec declares: what `Prefer: code=<status>[, example=<name>]` makes the mock answer. */
export interface DeclaredError<T = unknown> {
  method: string;
  path: string;
  status: number;
  mediaType: string;
  name: string;
  /** The status's first example: the one `Prefer: code=<status>` alone answers. */
  first: boolean;
  /** The operation declares `security: []` (a login, a token call). */
  public: boolean;
  value: T;
}
export declare function declaredErrors<T = unknown>(spec: unknown): DeclaredError<T>[];
