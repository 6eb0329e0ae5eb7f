export class UsageError extends Error {}
export function portOffset(args: string[]): { offset: number; rest: string[] };
export function stopper(stop: () => Promise<void> | void): { stopAll(code: number): Promise<void>; stopping(): boolean };
