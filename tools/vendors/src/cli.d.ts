export class UsageError extends Error {}
export function portOffset(args: string[]): { offset: number; rest: string[] };
/** A `--port-offset` that puts every one of `ports` on a port free right now (for tests). */
export function freePortOffset(ports: number[], host?: string): Promise<number>;
export function stopper(stop: () => Promise<void> | void): { stopAll(code: number): Promise<void>; stopping(): boolean };
