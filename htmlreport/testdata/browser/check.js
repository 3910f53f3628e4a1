// check.js opens HTML reports from disk (file://) in Debian's headless
// Chromium with playwright-core and prints, as JSON, what it found:
// every request that was not the file itself (requests to the network are
// aborted), console errors, uncaught exceptions, the cumulative layout
// shift, and for every chart whether it drew anything (its plot has data
// and pixels of its series' colours). Used by htmlreport/browser_test.go.
//
// usage: node check.js CHROMIUM JOBS.json
//   JOBS.json: [{"file": "/abs/report.html", "scheme": "light"|"dark", "screenshot": "/abs/out.png" or "",
//                "elements": {"CSS selector": "/abs/element.png"},
//                "filter": {"select": "#filter-status", "value": "fail"}}]
"use strict";
const fs = require("fs");
const url = require("url");
const { chromium } = require("playwright-core");

const [exe, jobsFile] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsFile, "utf8"));

// Self-destruct well within the Go test's own bound.
setTimeout(() => { console.error("check.js: out of time"); process.exit(3); }, 55000).unref();

// Runs in the page: what every chart drew.
function inspect() {
  function rgb(hex) {
    const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
    return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : null;
  }
  const root = getComputedStyle(document.documentElement);
  const out = { charts: [], sections: [], cls: window.__cls || 0, shifts: window.__shifts || [], empty: document.querySelectorAll("[data-empty]").length };
  document.querySelectorAll("section.scenario").forEach((s) => {
    out.sections.push({ id: s.id, charts: s.querySelectorAll("[data-chart]").length, nodata: !!s.querySelector(".scenario-nodata") });
  });
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const id = el.dataset.chart;
    const r = { id, plot: false, data: false, pixels: 0, height: el.getBoundingClientRect().height };
    out.charts.push(r);
    const rep = window.stressqlReport || { plots: {}, charts: {} };
    const u = rep.plots[id];
    const c = rep.charts[id];
    if (!u || !c) return;
    r.plot = true;
    r.data = u.data.slice(1).some((col) => col.some((v) => v != null));
    const cv = el.querySelector("canvas");
    if (!cv) return;
    const b = u.bbox;
    const img = cv.getContext("2d").getImageData(Math.round(b.left), Math.round(b.top), Math.max(1, Math.round(b.width)), Math.max(1, Math.round(b.height))).data;
    const colours = c.lines.map((l) => rgb(root.getPropertyValue("--c-" + l.color))).filter(Boolean);
    for (let i = 0; i < img.length; i += 4) {
      if (img[i + 3] < 200) continue;
      for (const k of colours) {
        if (Math.abs(img[i] - k[0]) + Math.abs(img[i + 1] - k[1]) + Math.abs(img[i + 2] - k[2]) < 40) { r.pixels++; break; }
      }
    }
  });
  return out;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: exe,
    headless: true,
    chromiumSandbox: false,
    timeout: 20000,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const results = [];
  try {
    for (const job of jobs) {
      const fileURL = url.pathToFileURL(job.file).href;
      const t0 = Date.now();
      const res = { file: job.file, requests: [], console: [], exceptions: [] };
      const ctx = await browser.newContext({ colorScheme: job.scheme || "light", viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
      // Nothing may leave the page: record and abort every request to the network.
      await ctx.route(/^(https?|wss?|ftp):/i, (route) => { res.requests.push(route.request().url()); return route.abort(); });
      await ctx.addInitScript(() => {
        window.__cls = 0;
        window.__shifts = [];
        // Each shift with what moved, so that a failure says which element it was.
        const name = (n) => !n ? "?" : n.nodeType !== 1 ? n.nodeName + " in " + name(n.parentElement)
          : n.tagName.toLowerCase() + (n.id ? "#" + n.id : "") + (n.className && typeof n.className === "string" ? "." + n.className.trim().split(/\s+/).join(".") : "");
        const rect = (r) => Math.round(r.x) + "," + Math.round(r.y) + " " + Math.round(r.width) + "x" + Math.round(r.height);
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) {
            if (e.hadRecentInput) continue;
            window.__cls += e.value;
            window.__shifts.push(e.value.toFixed(4) + " at " + Math.round(e.startTime) + " ms: " +
              (e.sources || []).map((s) => name(s.node) + " " + rect(s.previousRect) + " -> " + rect(s.currentRect)).join("; "));
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      const page = await ctx.newPage();
      page.on("request", (r) => { const u = r.url(); if (u !== fileURL && !u.startsWith("data:") && !u.startsWith("blob:")) res.requests.push(u); });
      page.on("websocket", (w) => res.requests.push(w.url()));
      page.on("console", (m) => { if (m.type() === "error") res.console.push(m.text()); });
      let failed;
      const pageFailed = new Promise((r) => { failed = r; });
      page.on("pageerror", (e) => { res.exceptions.push(String(e && e.stack || e)); failed(); });
      await page.goto(fileURL, { waitUntil: "load", timeout: 20000 });
      // Wait until every chart and table is built, or the page failed.
      const ready = page.waitForFunction(() => document.documentElement.dataset.tables === "done", null, { timeout: 20000 });
      ready.catch(() => {});
      await Promise.race([ready, pageFailed.then(() => page.waitForTimeout(300))]).catch((e) => res.exceptions.push("not ready: " + e.message));
      Object.assign(res, await page.evaluate(inspect));
      // Every table of numbers was built; open one to show it in the screenshot.
      res.tables = await page.evaluate(() => document.querySelectorAll("details[data-table] table").length);
      if (job.screenshot) await page.screenshot({ path: job.screenshot, fullPage: true });
      if (job.filter) {
        // Filter the list: only the matching rows and sections stay visible.
        await page.selectOption(job.filter.select, job.filter.value);
        res.filtered = await page.evaluate(() => ({
          rows: [...document.querySelectorAll(".scenario-row")].filter((e) => e.offsetParent !== null).map((e) => e.dataset.scenario),
          sections: [...document.querySelectorAll("section.scenario")].filter((e) => e.offsetParent !== null).map((e) => e.id),
        }));
        await page.selectOption(job.filter.select, "");
      }
      for (const [sel, path] of Object.entries(job.elements || {})) await page.locator(sel).screenshot({ path });
      res.requests = [...new Set(res.requests)];
      res.ms = Date.now() - t0;
      console.error("check.js: " + job.file + " in " + res.ms + " ms");
      results.push(res);
      await ctx.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
})().catch((e) => { console.error(e && e.stack || e); process.exit(2); });
