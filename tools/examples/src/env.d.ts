export declare function urlVariable(vendor: string): string;
export declare function variablesOf(source: string): string[];
export declare function mockEnv(vendor: string, url: string, variables: string[]): Record<string, string>;
export declare function missingVariables(env: NodeJS.ProcessEnv, variables: string[]): string[];
export declare function withoutB2bkit(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
