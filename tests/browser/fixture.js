// Shared setup of the browser tests: a small demo site built by the real binary, the real
// `trackheat serve` on a free loopback port, Debian's chromium with every base-map tile request
// stubbed (no network), and an independent reading of the site's data files.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { chromium } = require('playwright-core');

const BIN = process.env.TRACKHEAT_BINARY;
const WORK = process.env.BROWSER_TEST_DIR || path.join(__dirname, 'work');

// A 1x1 transparent PNG answers every base-map tile request.
const BLANK_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
  'base64');

// Builds the demo site (60 activities, zooms up to 13) into WORK/site. The demo export and the
// store are kept between runs; `build` itself always runs and rewrites what changed (a new
// binary with a new page rewrites the page: its hash is in the build fingerprint).
// `other`: { name, zooms } builds the same demo into WORK/<name> with other zoom options.
function buildSite(other) {
  const site = path.join(WORK, other ? other.name : 'site');
  fs.mkdirSync(WORK, { recursive: true });
  const run = (args) => execFileSync(BIN, args, { cwd: WORK, stdio: ['ignore', 'pipe', 'pipe'] });
  if (!fs.existsSync(path.join(WORK, 'demo', 'activities.csv'))) {
    run(['demo', '--out', path.join(WORK, 'demo'), '--activities', '60', '--seed', '4']);
  }
  run(['build', '--strava', path.join(WORK, 'demo'),
       '--cache', path.join(WORK, other ? 'cache-' + other.name : 'cache'), '--out', site]
    .concat(other ? other.zooms : ['--max-zoom', '13'], ['--quiet']));
  return site;
}

// Runs a site data script (window.X = {...};) and returns window.
function readDataScripts(site) {
  const window = {};
  for (const name of ['manifest.js', 'activities.js', 'tiles.js']) {
    vm.runInNewContext(fs.readFileSync(path.join(site, 'data', name), 'utf8'), { window });
  }
  return JSON.parse(JSON.stringify(window));  // plain objects of this realm (deepEqual-able)
}

// Starts `trackheat serve --port 0` and resolves with { url, stop() } once it prints its URL.
// `cache` defaults to the demo site's; `cwd` is where serve runs (the admin rebuild reads
// strava_export/ there when present; default: this process's folder).
function startServer(site, cache = path.join(WORK, 'cache'), cwd = undefined) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--site', site, '--cache', cache,
                              '--host', '127.0.0.1', '--port', '0'],
                        { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('serve did not start: ' + out)); }, 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stop: () => new Promise((done) => {
            child.once('exit', (code, signal) => done({ code, signal, out }));
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error('serve exited ' + code + ': ' + out)); });
  });
}

// playwright-core gives every launch a fresh, empty --user-data-dir of its own (it refuses one
// passed in args).
async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page whose base-map requests are stubbed and recorded, and whose console errors, page
// errors and failed requests are collected.
async function openPage(browser, viewport) {
  const context = await browser.newContext({ viewport: viewport || { width: 1280, height: 800 } });
  const log = { baseTiles: [], errors: [], failed: [] };
  await context.route(/^https?:\/\//, (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    log.baseTiles.push(url.href);
    return route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_PNG });
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('requestfailed', (r) => log.failed.push(r.url() + ' ' + (r.failure() || {}).errorText));
  return { context, page, log };
}

// Totals of the activities a filter selects, computed from activities.js alone, with the
// semantics the viewer documents (viewer/src/js/selection.js): local calendar day, inclusive
// ranges, null start/distance pass only an un-narrowed range.
function expectedTotals(acts, f) {
  const DAY = 86400;
  let minDay = Infinity, maxDay = -Infinity, maxKm = 0;
  for (let i = 0; i < acts.count; i++) {
    if (acts.start[i] !== null) {
      const d = Math.floor((acts.start[i] + (acts.utc_offset_s[i] || 0)) / DAY);
      minDay = Math.min(minDay, d); maxDay = Math.max(maxDay, d);
    }
    if (acts.distance_m[i] !== null) maxKm = Math.max(maxKm, acts.distance_m[i] / 1000);
  }
  const kmExtent = Math.max(1, Math.ceil(maxKm));
  const dateNarrowed = f.dayLo > minDay || f.dayHi < maxDay;
  const kmNarrowed = f.kmLo > 0 || f.kmHi < kmExtent;
  const t = { count: 0, distance_m: 0, moving_s: 0, ascent_m: 0 };
  for (let i = 0; i < acts.count; i++) {
    if (!f.sports.includes(acts.sports[acts.sport[i]])) continue;
    if (acts.start[i] === null) { if (dateNarrowed) continue; } else {
      const d = Math.floor((acts.start[i] + (acts.utc_offset_s[i] || 0)) / DAY);
      if (d < f.dayLo || d > f.dayHi) continue;
    }
    if (acts.distance_m[i] === null) { if (kmNarrowed) continue; } else {
      const km = acts.distance_m[i] / 1000;
      if (km < f.kmLo || km > f.kmHi) continue;
    }
    t.count += 1;
    t.distance_m += acts.distance_m[i] || 0;
    t.moving_s += acts.moving_s[i] || 0;
    t.ascent_m += acts.ascent_m[i] || 0;
  }
  return { totals: t, minDay, maxDay, kmExtent };
}

// Opens the viewer and waits until it has wired the map.
async function showViewer(page, url) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

// Waits until a heat tile of `layer` has loaded: pre-rendered (tiles/) or, when the served page
// follows a filter, live (live/).
async function waitForHeat(page, layer) {
  await page.waitForFunction((id) => {
    const imgs = Array.from(document.querySelectorAll('.heat-tiles img'));
    return imgs.some((i) => (i.src.includes('/tiles/' + id + '/') || i.src.includes('/live/' + id + '/')) &&
                            i.complete && i.naturalWidth > 0);
  }, layer, { timeout: 10000 });
}

// The legend as the page shows it.
async function legend(page) {
  return page.$eval('#legend', (el) => ({
    layer: el.dataset.layer, zoom: Number(el.dataset.zoom),
    ticks: Array.from(el.querySelectorAll('#legend-ticks span')).map((s) => s.textContent),
    caption: el.querySelector('#legend-caption').textContent,
  }));
}

module.exports = { WORK, buildSite, readDataScripts, startServer, launchBrowser, openPage, expectedTotals,
                   showViewer, waitForHeat, legend };
