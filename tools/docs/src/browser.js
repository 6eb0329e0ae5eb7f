import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/** Debian's chromium (CI installs it), or B2BKIT_CHROMIUM. Never skipped: browser tests must not pass untested. */
export function findChromium() {
  const candidates = [process.env.B2BKIT_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${candidates.join(", ")}). The browser tests need a headless Chromium: ` +
        "install Debian's with `sudo apt-get install -y chromium`, or point B2BKIT_CHROMIUM at a Chromium binary.",
    );
  }
  return found;
}

/** Headless Chromium with everything that would call out on its own switched off. */
export function launchChromium() {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True for what a test page may load: loopback http(s)/ws(s), and file:, data:, blob:, about: URLs. */
export function isLoopback(url) {
  const u = new URL(url);
  if (["http:", "https:", "ws:", "wss:"].includes(u.protocol)) return LOOPBACK.has(u.hostname);
  return ["file:", "data:", "blob:", "about:"].includes(u.protocol);
}
