import type { ServerResponse } from "node:http";
import type { Seen } from "./test-server.js";

export declare function proxiedUpstream(vendor: string): { readonly url: string; answer: (req: Seen, res: ServerResponse) => void };

/** One reason Prism gives in `sl-violations`: where (`["response", "body", "id"]`) and what. */
export interface Violation {
  location: string[];
  severity: string;
  code?: string;
  message: string;
}
export declare function violations(response: Response): Violation[];
export declare function violationLines(response: Response): string[];
