import type { Browser } from "playwright-core";

export declare function findChromium(): string;
export declare function launchChromium(): Promise<Browser>;
export declare function isLoopback(url: string): boolean;
