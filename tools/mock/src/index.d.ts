import type { ChildProcess } from "node:child_process";

import type { Vendor } from "@b2bkit/vendors";

export type { Vendor };
export declare const VENDORS: ReadonlyArray<Vendor>;
export declare const ROOT: string;
export declare function specPath(vendor: string): string;

export declare class PortInUseError extends Error {
  vendor: string;
  port: number;
}
export declare function checkPortFree(vendor: string, port: number, host?: string): Promise<void>;
export declare function freePort(host?: string): Promise<number>;

export interface RunningMock {
  vendor: string;
  port: number;
  url: string;
  spec: string;
  child: ChildProcess;
  stop(): Promise<void>;
}
export declare function startMock(options: {
  vendor: string;
  port: number;
  /** The spec to serve: the vendor's own (specs/<vendor>/openapi.yaml) unless given. */
  spec?: string;
  host?: string;
  dynamic?: boolean;
  seed?: number;
  timeoutMs?: number;
  onLine?: (line: string) => void;
}): Promise<RunningMock>;
/** Prism as a validating proxy of the vendor's spec in front of `upstream` (violations in `sl-violations`). */
export declare function startProxy(options: {
  vendor: string;
  upstream: string;
  port?: number;
  host?: string;
  timeoutMs?: number;
  onLine?: (line: string) => void;
}): Promise<RunningMock>;
