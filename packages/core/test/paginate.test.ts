import { describe, expect, it } from "vitest";
import { paginate, type Page } from "../src/index.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A paged source of `total` numbers that logs when each page's read starts and ends, and keeps each read's signal. */
function source(total: number, size: number, opts: { delayMs?: number; totals?: (index: number) => number | undefined } = {}) {
  const log: string[] = [];
  const signals: AbortSignal[] = [];
  const next = async ({ index, offset, signal }: { index: number; offset: number; signal?: AbortSignal | undefined }): Promise<Page<number>> => {
    log.push(`read ${index}`);
    signals[index] = signal!;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, opts.delayMs ?? 0);
      signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
    log.push(`got ${index}`);
    const items = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => offset + i);
    return { items, total: opts.totals ? opts.totals(index) : total };
  };
  return { log, signals, next };
}

describe("paginate reads one page ahead", () => {
  it("asks for the next page before the caller has worked through this one, and never more than one ahead", async () => {
    const { log, next } = source(50, 10, { delayMs: 5 });
    const seen: number[] = [];
    for await (const n of paginate(next, { pageSize: 10 })) {
      seen.push(n);
      if (n % 10 === 9) {
        log.push(`used ${Math.floor(n / 10)}`);
        await tick(15);
      }
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // Page k+1 is requested before page k is used up, and page k+2 only after page k is used up.
    for (let k = 0; k < 4; k++) {
      expect(log.indexOf(`read ${k + 1}`)).toBeLessThan(log.indexOf(`used ${k}`));
      if (k < 3) expect(log.indexOf(`read ${k + 2}`)).toBeGreaterThan(log.indexOf(`used ${k}`));
    }
    // The last page is known to be last (the total is reached): nothing is read after it.
    expect(log.filter((e) => e.startsWith("read"))).toHaveLength(5);
  });

  it("cancels the page read ahead when the caller stops early", async () => {
    const { log, signals, next } = source(1000, 10, { delayMs: 50 });
    for await (const n of paginate(next, { pageSize: 10 })) if (n === 3) break;
    expect(log).toEqual(["read 0", "got 0", "read 1"]);
    expect(signals[1]!.aborted).toBe(true);
    expect((signals[1]!.reason as Error).name).toBe("AbortError");
    await tick(80);
    expect(log).not.toContain("got 1");
  });

  it("a failed read ahead surfaces when its page is due, and not at all when the caller stopped before", async () => {
    let reads = 0;
    const failing = async ({ offset }: { offset: number }): Promise<Page<number>> => {
      if (reads++ === 1) throw new Error("page 2 failed");
      return { items: Array.from({ length: 10 }, (_, i) => offset + i) };
    };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of paginate(failing, { pageSize: 10 })) seen.push(n);
      })(),
    ).rejects.toThrow("page 2 failed");
    expect(seen).toHaveLength(10);
    reads = 0;
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    for await (const n of paginate(failing, { pageSize: 10 })) if (n === 0) break;
    await tick(20);
    process.off("unhandledRejection", onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it("stops on the caller's abort with its reason, and the page in flight gets the abort", async () => {
    const { signals, next } = source(1000, 10, { delayMs: 30 });
    const controller = new AbortController();
    const reason = new DOMException("stop", "AbortError");
    const walk = (async () => {
      for await (const n of paginate(next, { pageSize: 10, signal: controller.signal })) if (n === 5) controller.abort(reason);
    })();
    await expect(walk).rejects.toBe(reason);
    expect(signals[1]!.aborted).toBe(true);
    expect(signals[1]!.reason).toBe(reason);
  });

  it("reads strictly one page after another with readAhead: false", async () => {
    const { log, next } = source(30, 10);
    for await (const n of paginate(next, { pageSize: 10, readAhead: false })) if (n % 10 === 9) log.push(`used ${Math.floor(n / 10)}`);
    expect(log).toEqual(["read 0", "got 0", "used 0", "read 1", "got 1", "used 1", "read 2", "got 2", "used 2"]);
  });

  it("reads a total that is no count (negative, fractional, NaN) as none: the page's length decides", async () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      const { next } = source(25, 10, { totals: () => bad });
      const seen: number[] = [];
      for await (const n of paginate(next, { pageSize: 10 })) seen.push(n);
      expect(seen, String(bad)).toHaveLength(25);
    }
  });

  it("reports a total that changes during the walk, and stops when the callback throws", async () => {
    const changes: unknown[] = [];
    const { next } = source(30, 10, { totals: (i) => (i === 0 ? 30 : 31) });
    const seen: number[] = [];
    for await (const n of paginate(next, { pageSize: 10, onTotalChange: (c) => changes.push(c) })) seen.push(n);
    expect(changes).toEqual([{ before: 30, after: 31, page: 1 }]);
    expect(seen).toHaveLength(30);
    const again = source(30, 10, { totals: (i) => (i === 0 ? 30 : 29) });
    await expect(
      (async () => {
        for await (const _ of paginate(again.next, {
          pageSize: 10,
          onTotalChange: () => {
            throw new Error("changed");
          },
        }));
      })(),
    ).rejects.toThrow("changed");
  });
});
