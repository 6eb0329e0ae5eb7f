import type { IncomingHttpHeaders, ServerResponse } from "node:http";

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}
export interface TestServer {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}
export declare function testServer(handler: (req: Seen, res: ServerResponse, n: number) => void): Promise<TestServer>;
export declare function json(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void;
export declare function alive(pid: number): boolean;
