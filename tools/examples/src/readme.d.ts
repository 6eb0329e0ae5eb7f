import type { Example } from "./index.js";

export declare const END: string;
export declare const NOT_AN_EXAMPLE: RegExp;
export declare const TABLE_START: string;
export declare const TABLE_END: string;
export declare function readmeFiles(root?: string): string[];
export declare function exampleBlock(path: string, code: string): string;
export declare function exampleBlocks(readme: string, name?: string): Array<{ path: string; line: number; text: string }>;
export declare function withExamples(readme: string, read?: (path: string, where: string) => string, name?: string): string;
export declare function unmarkedCode(readme: string): number[];
export declare function summaryOf(source: string): string;
export declare function examplesTable(examples?: Example[], root?: string): string;
export declare function withExamplesTable(readme: string, table?: string | (() => string)): string;
export declare function writeReadmes(root?: string): string[];
