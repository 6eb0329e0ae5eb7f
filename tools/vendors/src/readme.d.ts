import type { Vendor } from "./index.js";
export const START: string;
export const END: string;
export function vendorTable(vendors?: readonly Vendor[]): string;
export function withTable(readme: string, vendors?: readonly Vendor[]): string;
export function writeReadme(root?: string, vendors?: readonly Vendor[]): boolean;
