// Pan smoothness of a built site (make bench-growth runs it on the largest demo): the viewer
// from file:// in Debian's chromium (playwright-core, as the browser tests drive it), no base map
// (#b=none), the default heat layer. Per zoom: Leaflet's animated panBy (0.25 s each, one after
// the other, each waiting for its moveend) moves the view in a zigzag, a quarter of the steps per
// leg: right by `px` a step, down by px / 2, left, down (so the final view is one not seen
// before), placed over the zoom's tiles (from data/tiles.js) where its views hold the most of
// them. The first view's heat tiles are waited for; during the pan a requestAnimationFrame loop
// records every frame.
// Prints per zoom how long the page took to open, the frame intervals during the pan (median,
// 95th percentile, max, frames over 50 ms), the main thread's long tasks, and how long after the
// start of the last step the final view's heat tiles had all loaded.
//
//   node tests/browser/pan_bench.js <site dir> [--zooms 12,15] [--steps 40] [--px 200]
//
// Exits 1 when the page logs an error, a tile fails to load or tiles do not load within 60 s;
// 2 on bad arguments. Frame times are the main thread's view (headless, software compositing,
// --disable-gpu): a frame the compositor drops without the main thread knowing is not counted.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { launchBrowser, openPage } = require('./fixture.js');

const TILE = 256;
const VIEWPORT = { width: 1280, height: 800 };
const LAYER = 'frequency-log';  // the viewer's default layer

function usage(message) {
  process.stderr.write('pan_bench: ' + message + '\nusage: node pan_bench.js <site dir> ' +
                       '[--zooms 12,15] [--steps 40] [--px 200]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const out = { site: null, zooms: [12, 15], steps: 40, px: 200 };
  const positive = (name, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) usage('bad ' + name + ' ' + v);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--zooms' || a === '--steps' || a === '--px') {
      const v = argv[++i];
      if (v === undefined) usage(a + ' needs a value');
      if (a === '--zooms') {
        out.zooms = v.split(',').map((z) => positive(a, z));
        if (out.zooms.some((z) => z > 20)) usage('bad --zooms ' + v);
      } else {
        out[a.slice(2)] = positive(a, v);
      }
    } else if (!out.site) {
      out.site = a;
    } else {
      usage('unexpected argument ' + a);
    }
  }
  if (!out.site) usage('no site dir');
  if (out.steps % 4 !== 0) usage('--steps must be a multiple of 4 (four legs)');
  return out;
}

// window.TRACKHEAT_TILES of the site: { layers: [...], zooms: { z: [dx, dy, mask, ...] } }.
function readTileList(site) {
  const file = path.join(site, 'data', 'tiles.js');
  const window = {};
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), { window });
  const list = window.TRACKHEAT_TILES;
  if (!list || list.version !== 1) throw new Error(file + ': no version 1 tile list');
  return list;
}

// The tiles of `layer` at zoom z, as "x/y" strings (the list's delta coding, tile_list.js).
function tilesAt(list, layer, z) {
  const bit = list.layers.indexOf(layer);
  const out = new Set();
  const codes = list.zooms[String(z)] || [];
  let x = 0, y = 0;
  for (let i = 0; i + 2 < codes.length; i += 3) {
    if (codes[i] !== 0) { x += codes[i]; y = codes[i + 1]; } else { y += codes[i + 1]; }
    if (bit >= 0 && Math.floor(codes[i + 2] / Math.pow(2, bit)) % 2 === 1) out.add(x + '/' + y);
  }
  return out;
}

// Where the path starts (world pixels at zoom z): of the paths starting over the centre of any
// tile, the one whose views at the start and at the end of each leg hold the most tiles (the
// most in its emptiest view, then the most in all), so the pan stays over the heat and ends on a
// view with tiles to load.
function pathStart(tiles, legs) {
  const corners = [[0, 0]];
  legs.forEach((leg) => {
    const last = corners[corners.length - 1];
    corners.push([last[0] + leg[0], last[1] + leg[1]]);
  });
  const inView = (cx, cy) => {  // tiles a viewport centred at (cx, cy) overlaps
    let count = 0;
    const w = VIEWPORT.width / 2, h = VIEWPORT.height / 2;
    const x1 = Math.floor((cx + w) / TILE), y1 = Math.floor((cy + h) / TILE);
    for (let x = Math.floor((cx - w) / TILE); x <= x1; x++) {
      for (let y = Math.floor((cy - h) / TILE); y <= y1; y++) if (tiles.has(x + '/' + y)) count++;
    }
    return count;
  };
  let best = null, bestMin = -1, bestSum = -1;
  for (const key of tiles) {
    const [x, y] = key.split('/').map(Number);
    const px = { x: (x + 0.5) * TILE, y: (y + 0.5) * TILE };
    const counts = corners.map((c) => inView(px.x + c[0], px.y + c[1]));
    const min = Math.min(...counts), sum = counts.reduce((p, q) => p + q, 0);
    if (min > bestMin || (min === bestMin && sum > bestSum)) {
      bestMin = min;
      bestSum = sum;
      best = px;
    }
  }
  return best;
}

function latLon(px, z) {
  const world = TILE * Math.pow(2, z);
  const lon = px.x / world * 360 - 180;
  const lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * px.y / world))) * 180 / Math.PI;
  return { lat, lon };
}

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// Runs in the page before its scripts: keeps the viewer's Leaflet map (main.js keeps it private),
// records long tasks, and defines window.__panBench.loaded / .pan below.
function pageHooks() {
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  let map = null;
  document.addEventListener('DOMContentLoaded', () => {
    L.Map.addInitHook(function () { map = this; });
  });

  function heatLayers() {
    const layers = [];
    map.eachLayer((l) => {
      if (l.options && l.options.className === 'heat-tiles') layers.push(l);
    });
    return layers;
  }

  // Resolves when every heat tile layer has stopped loading and every heat image is complete;
  // rejects after timeoutMs or when an image failed.
  function loaded(timeoutMs) {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      function check() {
        const layers = heatLayers();
        const imgs = Array.from(document.querySelectorAll('.heat-tiles img'));
        const broken = imgs.filter((i) => i.complete && i.naturalWidth === 0);
        if (broken.length) { reject(new Error('tile failed: ' + broken[0].src)); return; }
        if (layers.length && !layers.some((l) => l.isLoading()) && imgs.every((i) => i.complete)) {
          const inView = (r) => r.right > 0 && r.bottom > 0 &&
                                r.left < innerWidth && r.top < innerHeight;
          resolve({ ms: performance.now() - t0,
                    tiles: imgs.filter((i) => inView(i.getBoundingClientRect())).length });
        } else if (performance.now() - t0 > timeoutMs) {
          reject(new Error('heat tiles not loaded after ' + timeoutMs / 1000 + ' s'));
        } else {
          requestAnimationFrame(check);
        }
      }
      check();
    });
  }

  // The zigzag of panBy steps (each waits for its moveend), recording every frame; then waits
  // for the final view's tiles (timed from the start of the last step).
  async function pan(args) {
    const frames = [];
    let recording = true;
    const tick = (t) => { frames.push(t); if (recording) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    await new Promise((r) => requestAnimationFrame(r));
    let tileLoads = 0;
    const count = () => { tileLoads++; };
    const heat = heatLayers();
    heat.forEach((l) => l.on('tileload', count));
    const start = performance.now();
    const dirs = [[1, 0], [0, 0.5], [-1, 0], [0, 0.5]];
    let last = start;
    for (let i = 0; i < args.steps; i++) {
      last = performance.now();
      const d = dirs[Math.floor(i * 4 / args.steps)];
      await new Promise((r) => {
        map.once('moveend', r);
        map.panBy([d[0] * args.px, d[1] * args.px]);
      });
    }
    const end = performance.now();
    const final = await loaded(60000);
    final.ms = performance.now() - last;
    heat.forEach((l) => l.off('tileload', count));
    recording = false;
    const during = frames.filter((t) => t >= start && t <= end);
    return {
      panMs: end - start, loaded: final, tileLoads: tileLoads,
      intervals: during.slice(1).map((t, i) => t - during[i]),
      longTasks: longTasks.filter((e) => e[0] >= start && e[0] <= end).map((e) => e[1]),
    };
  }

  window.__panBench = { ready: () => map !== null, loaded: loaded, pan: pan };
}

async function measureZoom(browser, args, list, z) {
  const tiles = tilesAt(list, LAYER, z);
  if (!tiles.size) throw new Error('the site has no ' + LAYER + ' tiles at zoom ' + z);
  const side = args.px * args.steps / 4;  // the path: right by side, down by side / 2, left, down
  const first = pathStart(tiles, [[side, 0], [0, side / 2], [-side, 0], [0, side / 2]]);
  const start = latLon(first, z);
  const url = 'file://' + path.resolve(args.site, 'index.html') + '#b=none&l=' + LAYER +
              '&v=' + z + '/' + start.lat.toFixed(5) + '/' + start.lon.toFixed(5);
  const { context, page, log } = await openPage(browser, VIEWPORT);
  try {
    await context.addInitScript(pageHooks);
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
    const ready = Date.now() - t0;
    await page.waitForFunction(() => window.__panBench.ready());
    await page.evaluate(() => window.__panBench.loaded(60000));
    const opened = Date.now() - t0;
    await page.waitForTimeout(500);
    const r = await page.evaluate((a) => window.__panBench.pan(a),
                                  { steps: args.steps, px: args.px });
    if (log.errors.length || log.failed.length) {
      throw new Error('the page logged: ' + log.errors.concat(log.failed).slice(0, 3).join('; '));
    }
    const sorted = r.intervals.slice().sort((a, b) => a - b);
    const f = (ms) => ms.toFixed(1);
    const longTotal = r.longTasks.reduce((a, b) => a + b, 0);
    console.log([
      'z' + z + ': opened in ' + (ready / 1000).toFixed(2) + ' s, first view\'s tiles ' +
        (opened / 1000).toFixed(2) + ' s; ',
      'pan of ' + args.steps + ' steps (' + args.px + ' px across, ' + args.px / 2 +
        ' px down) in ' + (r.panMs / 1000).toFixed(1) + ' s, ' + r.tileLoads + ' tiles loaded: ',
      r.intervals.length + ' frames, median ' + f(quantile(sorted, 0.5)) + ' ms, p95 ' +
        f(quantile(sorted, 0.95)) + ' ms, max ' + f(sorted[sorted.length - 1] || NaN) + ' ms, ',
      sorted.filter((ms) => ms > 50).length + ' over 50 ms; long tasks ' + r.longTasks.length +
        ' (' + Math.round(longTotal) + ' ms); ',
      'final view\'s ' + r.loaded.tiles + ' tiles loaded ' + Math.round(r.loaded.ms) +
        ' ms after the last step began',
    ].join(''));
  } finally {
    await context.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const list = readTileList(args.site);
  const browser = await launchBrowser();
  try {
    for (const z of args.zooms) await measureZoom(browser, args, list, z);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  process.stderr.write('pan_bench: ' + (e && e.message ? e.message : e) + '\n');
  process.exit(1);
});
