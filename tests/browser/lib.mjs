// lib — start the built `wijksim serve` on a free loopback port and Debian's
// headless Chromium driven by playwright-core (from build/web/node_modules,
// installed by scripts/install-web.sh). tests/e2e/browser.sh checks that all
// of it is there before node runs the tests.

import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WIJKSIM = process.env.WIJKSIM || path.join(ROOT, "bin/wijksim");
export const MODULES = process.env.WIJKSIM_WEB_MODULES || path.join(ROOT, "build/web/node_modules");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const SHOTS = process.env.WIJKSIM_SCREENSHOTS || path.join(ROOT, "build/screenshots");

const require = createRequire(path.join(MODULES, "noop.js"));
export const { chromium } = require("playwright-core");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function answers(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch (e) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

// Start `wijksim serve` from the repository root (it serves web/ and
// build/web/ from there), with the options in WIJKSIM_SERVE_ARGS too (e.g.
// "--run-seconds 300" for the full wijk on a loaded machine).
// Returns { url, proc, log(), stop() }.
export async function startServer(extraArgs = []) {
  extraArgs = extraArgs.concat((process.env.WIJKSIM_SERVE_ARGS || "").split(/\s+/).filter(Boolean));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    let out = "";
    const proc = spawn(WIJKSIM, ["serve", "--port", String(port), ...extraArgs], {
      cwd: ROOT, stdio: ["ignore", "pipe", "pipe"],
    });
    proc.stdout.on("data", (d) => { out += d; });
    proc.stderr.on("data", (d) => { out += d; });
    const url = `http://127.0.0.1:${port}/`;
    const ok = await answers(url + "api/schema", 20000);
    if (ok) {
      return {
        url, proc, log: () => out,
        stop: () => new Promise((resolve) => {
          if (proc.exitCode !== null) return resolve(proc.exitCode);
          proc.once("exit", (code) => resolve(code));
          proc.kill("SIGTERM");
        }),
      };
    }
    proc.kill("SIGKILL");
    if (!/in use|EADDRINUSE|bind/i.test(out)) throw new Error("wijksim serve did not answer:\n" + out);
  }
  throw new Error("wijksim serve: no free port");
}

// Flags as the machine notes say: without the background-networking ones
// Chromium keeps trying hosts this closed network refuses.
export async function startBrowser() {
  const args = ["--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"];
  if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");
  return chromium.launch({ executablePath: CHROMIUM, args });
}

// A page that records console errors and uncaught exceptions.
export async function openPage(browser, url, { width = 1500, height = 1000 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  await page.goto(url);
  return { page, context, problems };
}

// Wait until the page has answered `seq` runs (body[data-run-seq]); a run
// that failed (the page shows the server's message) fails at once.
export async function waitRuns(page, seq, timeout = 120000) {
  const handle = await page.waitForFunction((n) => {
    const state = document.body.dataset.runState;
    if (state === "error") return "error";
    return Number(document.body.dataset.runSeq || 0) >= n && state === "done" ? "done" : false;
  }, seq, { timeout });
  if ((await handle.jsonValue()) === "error") {
    throw new Error("the run failed: " + (await page.locator("#run-error").innerText()));
  }
}

export async function runSeq(page) {
  return page.evaluate(() => Number(document.body.dataset.runSeq || 0));
}

export function shotPath(name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, name + ".png");
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
