// Types a query into the built site's search page in headless Chromium and follows the
// first result: `node .ci/search.mjs URL-of-search-page`. Exits non-zero on any failure.
import { chromium } from 'playwright-core';

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  await page.fill('#search-input', 'backstop');
  const result = page.locator('#search-list a', { hasText: 'backstop' }).first();
  await result.waitFor({ timeout: 10000 });
  const status = await page.textContent('#search-status');
  await result.click();
  await page.waitForLoadState('load');
  const heading = await page.textContent('h1');
  if (!heading.includes('Starmer presses Trump')) problems.push(`result led to "${heading}"`);
  console.log(`search ok at ${url}: "${status.trim()}", first result opens "${heading.trim()}"`);
} catch (error) {
  problems.push(String(error));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
