import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Debian's Chromium: browser tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * `describe` for a browser test: it runs where Chromium is installed (`.ci/run`
 * installs it, so CI always runs them) and says clearly that it was skipped,
 * and how to install the browser, where it is not.
 */
export function describeInBrowser(name: string, fn: () => void): void {
  if (hasChromium) return describe(name, fn);
  console.warn(`[tests] ${name}: SKIPPED, ${CHROMIUM} is missing (install it: apt-get install -y --no-install-recommends chromium)`);
  describe.skip(`${name} (skipped: no ${CHROMIUM})`, fn);
}

/** Headless Chromium with the flags this machine needs (no sandbox as root, no GPU, no calls home on a closed network). */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    ...options,
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...(options.args ?? [])],
  });
}
