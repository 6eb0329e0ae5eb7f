/** One vendor's facts, from the `x-b2bkit` block of `specs/<id>/openapi.yaml`. */
export interface Vendor {
  /** The folder name under specs/, and the middle of its package names. */
  id: string;
  /** Display name, e.g. "Amplifier". */
  name: string;
  /** The name with what else it is called, e.g. "Amplifier (AMPER B2B WS)"; `name` when the block gives none. */
  fullName: string;
  /** What the client covers, one line. */
  covers: string;
  /** The mock's fixed port. */
  port: number;
  /** What its auth function takes, as the docs' example shows it. */
  credentials: string;
  /** "GET /path" of the operation the docs' example calls (default: the simplest authenticated GET). */
  example?: string;
  /** Options of create<V>Client the docs' example passes: [name, code]. */
  clientOptions: Array<[string, string]>;
  /** Path parameters the client fills itself. */
  filledPathParams: string[];
  /** The gzipped bytes its browser bundle may reach. */
  bundleCeiling: number;
  /** Absolute path of its spec. */
  spec: string;
  client: `@b2bkit/${string}-client`;
  auth: `@b2bkit/${string}-auth`;
  clientDir: string;
  authDir: string;
}
export const ROOT: string;
export const ID: RegExp;
export const PORTS: { min: number; max: number };
export class ManifestError extends Error {}
export function specPath(id: string, root?: string): string;
export function readVendor(id: string, root?: string): Vendor;
export function readVendors(root?: string): Vendor[];
export function vendorIds(root?: string): string[];
export function checkPorts(vendors: readonly Vendor[]): void;
export const VENDORS: readonly Vendor[];
export function nextPort(vendors?: readonly Vendor[]): number;
