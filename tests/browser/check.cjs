// Drives the treatygraph page in headless Chromium (playwright-core): runs a shipped query,
// finds result rows, waits for the citation network, clicks a node to list its citations, and
// takes a screenshot. Requests to anything but the server are refused (the page must work
// offline). Called by tests/browser_check.sh, which starts the server.
"use strict";

const { chromium } = require(process.env.PLAYWRIGHT_CORE);

const base = process.env.BASE_URL;
const screenshot = process.env.SCREENSHOT;
const profile = process.env.PROFILE_DIR;

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
}

(async () => {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1500, height: 1000 },
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
  try {
    const page = context.pages()[0] || (await context.newPage());
    const outside = [];
    await page.route("**/*", (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(base + "/", { waitUntil: "load" });

    await page.waitForFunction(() => document.querySelectorAll("#shipped option").length > 0, null, { timeout: 30000 });
    const options = await page.$$eval("#shipped option", (os) => os.map((o) => o.value));
    check("shipped queries listed", options.includes("resolutions-citing-palermo"), options.join(", "));

    await page.selectOption("#shipped", "resolutions-citing-palermo");
    await page.click("#run");
    await page.waitForFunction(() => document.querySelectorAll("#results tbody tr").length > 0, null, { timeout: 30000 });
    const rows = await page.$$eval("#results tbody tr", (trs) => trs.length);
    const firstRow = await page.$eval("#results tbody tr", (tr) => tr.innerText.replace(/\s+/g, " "));
    check("query result rows", rows > 0, `${rows} rows; first: ${firstRow.slice(0, 100)}`);

    await page.waitForFunction(() => Number(document.getElementById("network").dataset.nodes || 0) > 0, null, { timeout: 60000 });
    const nodes = await page.evaluate(() => window.treatygraph.cy.nodes().length);
    const edges = await page.evaluate(() => window.treatygraph.cy.edges().length);
    check("network drawn", nodes > 0 && edges > 0, `${nodes} nodes, ${edges} edges`);

    // Click the most cited instrument: its citations and their paragraphs are listed.
    const clicked = await page.evaluate(() => {
      const cy = window.treatygraph.cy;
      const node = cy.nodes("[kind = 'instrument']").max((n) => n.degree()).ele;
      node.emit("tap");
      return node.data("full");
    });
    await page.waitForFunction(() => document.querySelectorAll("#details .citation").length > 0, null, { timeout: 30000 });
    const citations = await page.$$eval("#details .citation", (ds) => ds.length);
    const paragraph = await page.$eval("#details .citation", (d) => d.innerText.replace(/\s+/g, " "));
    check("node click lists citations", citations > 0, `${clicked}: ${citations} citations; first: ${paragraph.slice(0, 100)}`);

    check("no request left the server", outside.length === 0, outside.join(", ") || "none");
    check("no script errors", errors.length === 0, errors.join("; ") || "none");
    if (screenshot) {
      await page.screenshot({ path: screenshot, fullPage: false });
      console.log(`screenshot: ${screenshot}`);
    }
  } catch (error) {
    failed++;
    console.log(`FAIL browser session: ${error.message}`);
  } finally {
    await context.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
