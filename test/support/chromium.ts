// Browser tests use Debian's Chromium through playwright-core (no browser download).
// Without /usr/bin/chromium they are skipped and the run says so; REQUIRE_BROWSER=1 (set by .ci/run)
// makes that a failure.
import fs from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailability(): { available: boolean; message: string } {
  if (fs.existsSync(CHROMIUM_PATH)) return { available: true, message: `Browser tests will run in ${CHROMIUM_PATH}.` };
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} does not exist: apt-get install -y chromium`);
  return { available: false, message: `Browser tests SKIPPED: ${CHROMIUM_PATH} not found (apt-get install -y chromium).` };
}
