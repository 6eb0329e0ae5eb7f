import type { TestProject } from "vitest/node";

export declare function mockSetup(vendor: string): (project: TestProject) => Promise<() => Promise<void>>;

declare module "vitest" {
  export interface ProvidedContext {
    /** The URL of this run's Prism mock of a vendor: `inject("mock:<vendor id>")`. */
    [vendor: `mock:${string}`]: string;
  }
}
