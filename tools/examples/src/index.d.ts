import type { ChildProcess } from "node:child_process";
import type { Vendor } from "@b2bkit/vendors";

export declare const ROOT: string;
export declare const EXAMPLES_DIR: string;
export declare const DEFAULT_TIMEOUT_MS: number;
export declare class UsageError extends Error {}

/** One example: examples/<vendor>/<name>.ts. */
export interface Example {
  vendor: string;
  name: string;
  file: string;
}
export interface ExampleResult {
  ok: boolean;
  ms: number;
  /** What it printed, stdout and stderr interleaved (up to 64 KiB). */
  output: string;
  /** Why it failed. */
  reason?: string;
}
export declare function findExamples(dir?: string, vendors?: readonly Vendor[]): Example[];
export declare function select(examples: Example[], names: string[], vendors?: readonly Vendor[]): Example[];
export declare function bundle(example: Example, outDir: string): Promise<string>;
export declare function runBundle(
  file: string,
  options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number; running?: (child: ChildProcess) => void },
): Promise<ExampleResult>;
export declare function thrownError(output: string): string | undefined;
export declare function runExamples(
  examples: Example[],
  options?: {
    urls?: Record<string, string>;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    report?: (example: Example, result: ExampleResult) => void;
    running?: (child: ChildProcess) => void;
  },
): Promise<Array<Example & ExampleResult>>;
