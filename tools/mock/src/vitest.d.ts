import type { TestProject } from "vitest/node";

export declare function mockSetup(vendor: string): (project: TestProject) => Promise<() => Promise<void>>;

declare module "vitest" {
  export interface ProvidedContext {
    "mock:amage": string;
    "mock:jiwa": string;
    "mock:amplifier": string;
    "mock:portos": string;
    "mock:tlsecure": string;
  }
}
