import type { ServerResponse } from "node:http";
import type { Seen } from "./test-server.js";

export declare function proxiedUpstream(vendor: string): { readonly url: string; answer: (req: Seen, res: ServerResponse) => void };
