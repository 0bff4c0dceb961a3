// The viewer as a user meets it: from file:// and from `trackheat serve`, in Debian's chromium.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fx = require('./fixture.js');
const { showViewer, waitForHeat, legend } = fx;

const DAY = 86400;
const iso = (day) => new Date(day * DAY * 1000).toISOString().slice(0, 10);

const site = fx.buildSite();
const data = fx.readDataScripts(site);
const manifest = data.TRACKHEAT_MANIFEST;
const acts = data.TRACKHEAT_ACTIVITIES;

// Heat tile images on screen that finished loading, as site-relative "layer/z/x/y".
async function heatTiles(page) {
  return page.$$eval('.heat-tiles img', (imgs) => imgs
    .filter((i) => i.complete && i.naturalWidth > 0)
    .map((i) => /tiles\/(.+)\.png$/.exec(i.src)[1]));
}

async function stats(page) {
  return page.$eval('#stats', (el) => ({
    count: Number(el.querySelector('#stat-count').dataset.value),
    distance_m: Number(el.querySelector('#stat-distance').dataset.value),
    moving_s: Number(el.querySelector('#stat-moving').dataset.value),
    ascent_m: Number(el.querySelector('#stat-ascent').dataset.value),
    countText: el.querySelector('#stat-count').textContent,
  }));
}

// The filter as the page shows it in its typed inputs and checkboxes.
async function shownFilter(page) {
  return page.evaluate(() => {
    const day = (v) => Math.floor(Date.parse(v + 'T00:00:00Z') / 86400000);
    return {
      dayLo: day(document.getElementById('date-from').value),
      dayHi: day(document.getElementById('date-to').value),
      kmLo: Number(document.getElementById('km-from').value),
      kmHi: Number(document.getElementById('km-to').value),
      sports: Array.from(document.querySelectorAll('#sport-list input:checked')).map((b) => b.value),
    };
  });
}

async function expectStatsMatch(page) {
  await page.waitForTimeout(50);  // one animation frame
  const f = await shownFilter(page);
  const want = fx.expectedTotals(acts, f).totals;
  const got = await stats(page);
  assert.equal(got.count, want.count, JSON.stringify(f));
  assert.equal(got.countText, String(want.count));
  assert.equal(got.distance_m, want.distance_m);
  assert.equal(got.moving_s, want.moving_s);
  assert.equal(got.ascent_m, want.ascent_m);
  return { f, want };
}

for (const mode of ['file', 'served']) {
  describe('viewer from ' + (mode === 'file' ? 'file://' : 'trackheat serve'), () => {
    let browser, server, url;
    before(async () => {
      browser = await fx.launchBrowser();
      if (mode === 'served') {
        server = await fx.startServer(site);
        url = server.url;
      } else {
        url = 'file://' + path.join(site, 'index.html');
      }
    });
    after(async () => {
      await browser.close();
      if (server) {
        const exit = await server.stop();
        assert.equal(exit.code, 0, 'serve exits cleanly on SIGTERM: ' + exit.out);
      }
    });

    test('loads without console errors and shows heat tiles within the data bounds', async () => {
      const { context, page, log } = await fx.openPage(browser);
      await showViewer(page, url);
      const first = await page.inputValue('#layer-select');
      await waitForHeat(page, first);
      await page.waitForTimeout(300);
      const tiles = await heatTiles(page);
      assert.ok(tiles.length > 0);
      const bit = 1 << data.TRACKHEAT_TILES.layers.indexOf(first);
      const listed = new Set();
      for (const [z, list] of Object.entries(data.TRACKHEAT_TILES.zooms)) {
        let x = 0, y = 0;
        for (let i = 0; i + 2 < list.length; i += 3) {
          if (list[i] !== 0) { x += list[i]; y = list[i + 1]; } else { y += list[i + 1]; }
          if (list[i + 2] & bit) listed.add(first + '/' + z + '/' + x + '/' + y);
        }
      }
      for (const t of tiles) assert.ok(fs.existsSync(path.join(site, 'tiles', t + '.png')), t);
      for (const t of tiles) assert.ok(listed.has(t), 'requested only tiles that exist: ' + t);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.failed, []);
      // The view opens on the data's bounds: all of them on screen, and not from far away.
      const b = manifest.bounds;
      const view = await page.evaluate(() => TH.app.map.getBounds().toBBoxString().split(',').map(Number));
      assert.ok(view[0] <= b[0] && view[1] <= b[1] && view[2] >= b[2] && view[3] >= b[3], view + ' vs ' + b);
      assert.ok(view[2] - view[0] < 8 * (b[2] - b[0]), 'zoomed to the data');
      const note = await page.isVisible('#file-note');
      assert.equal(note, mode === 'file', 'the file:// note shows only on file://');
      if (mode === 'file') {
        assert.match(await page.textContent('#file-note'), /trackheat serve/);
      }
      await page.screenshot({ path: path.join(fx.WORK, 'viewer-' + mode + '.png') });
      await context.close();
    });

    test('each base map can be chosen and its tiles are requested', async () => {
      const { context, page, log } = await fx.openPage(browser);
      await showViewer(page, url);
      const ids = await page.$$eval('#basemap-select option', (os) => os.map((o) => o.value));
      assert.deepEqual(ids, ['dark', 'light', 'topo', 'satellite', 'osm', 'none']);
      const hosts = { dark: /World_Dark_Gray_Base/, light: /World_Light_Gray_Base/,
                      topo: /opentopomap\.org/, satellite: /World_Imagery/, osm: /openstreetmap\.org/ };
      for (const id of ['light', 'topo', 'satellite', 'osm', 'dark']) {
        const before = log.baseTiles.length;
        await page.selectOption('#basemap-select', id);
        await page.waitForFunction((n) => document.querySelectorAll('.basemap-tiles img').length > 0, null);
        await page.waitForTimeout(200);
        const fresh = log.baseTiles.slice(before);
        // Dark was shown (and its tiles cached) at load: it may come from the cache now.
        assert.ok(fresh.length > 0 || (id === 'dark' && log.baseTiles.some((u) => hosts.dark.test(u))),
                  id + ' requested tiles');
        for (const u of fresh) assert.match(u, hosts[id], id + ': ' + u);
        const srcs = await page.$$eval('.basemap-tiles img', (imgs) => imgs.map((i) => i.src));
        for (const s of srcs) assert.match(s, hosts[id]);
        const attribution = await page.textContent('.leaflet-control-attribution');
        assert.match(attribution, id === 'topo' ? /OpenTopoMap/ : id === 'osm' ? /OpenStreetMap/ : /Esri/);
      }
      const before = log.baseTiles.length;
      await page.selectOption('#basemap-select', 'none');
      await page.evaluate(() => TH.app.map.panBy([300, 0], { animate: false }));
      await page.waitForTimeout(300);
      assert.equal(await page.locator('.basemap-tiles').count(), 0);
      assert.equal(log.baseTiles.length, before, 'no base-map requests with "none"');
      await waitForHeat(page, await page.inputValue('#layer-select'));  // the heatmap stays
      assert.deepEqual(log.errors, []);
      await context.close();
    });

    // Served only: the key file is swapped by request routing, which file:// pages do not have.
    if (mode === 'served') test('keyed base maps appear only with a key, and send it', async () => {
      const { context, page, log } = await fx.openPage(browser);
      await showViewer(page, url);
      const plain = await page.$$eval('#basemap-select option', (os) => os.map((o) => o.value));
      assert.ok(!plain.includes('stadia-dark') && !plain.includes('thunderforest-outdoors'));
      // What `trackheat build` writes when TRACKHEAT_STADIA_API_KEY is set.
      await context.route(/\/data\/basemaps\.js$/, (route) => route.fulfill({
        status: 200, contentType: 'text/javascript',
        body: 'window.TRACKHEAT_BASEMAP_KEYS = {"stadia":"test-key-123"};\n' }));
      await showViewer(page, url);
      const keyed = await page.$$eval('#basemap-select option', (os) => os.map((o) => o.value));
      assert.deepEqual(keyed, ['dark', 'light', 'topo', 'satellite', 'osm', 'stadia-dark', 'none']);
      const before = log.baseTiles.length;
      await page.selectOption('#basemap-select', 'stadia-dark');
      await page.waitForFunction(() => document.querySelectorAll('.basemap-tiles img').length > 0);
      await page.waitForTimeout(200);
      const fresh = log.baseTiles.slice(before);
      assert.ok(fresh.length > 0);
      for (const u of fresh) assert.match(u, /stadiamaps\.com\/tiles\/alidade_smooth_dark\/.*api_key=test-key-123/);
      assert.match(await page.textContent('.leaflet-control-attribution'), /Stadia Maps/);
      assert.deepEqual(log.errors, []);
      await context.close();
    });

    test('each layer can be chosen; tiles and legend follow the layer and the zoom', async () => {
      const { context, page, log } = await fx.openPage(browser);
      await showViewer(page, url);
      const groups = await page.$$eval('#layer-select optgroup', (gs) => gs.map((g) => g.label));
      assert.deepEqual(groups, ['Frequency', 'Pace', 'Heart rate', 'Elevation', 'Time', 'Explorer']);
      const options = await page.$$eval('#layer-select option', (os) => os.map((o) => o.value));
      assert.deepEqual([...options].sort(), manifest.layers.map((l) => l.id).sort());
      const seen = new Map();
      for (const layer of manifest.layers) {
        await page.selectOption('#layer-select', layer.id);
        const hasTiles = data.TRACKHEAT_TILES.layers.includes(layer.id);
        if (hasTiles) await waitForHeat(page, layer.id);
        await page.waitForTimeout(100);
        const shown = await heatTiles(page);
        for (const t of shown) assert.ok(t.startsWith(layer.id + '/'), layer.id + ' shows ' + t);
        const lg = await legend(page);
        assert.equal(lg.layer, layer.id);
        assert.equal(lg.ticks.length, 3);
        assert.ok(lg.caption.includes(layer.units === 'date' ? 'month' : layer.units), lg.caption);
        if (layer.scale === 'categorical') {
          // The explorer layers: one label per category, no scale.
          assert.deepEqual(lg.ticks, ['visited', 'max cluster', 'max square']);
          assert.ok(lg.caption.includes('zoom ' + layer.id.split('-')[1]), lg.caption);
          seen.set(layer.id, lg.ticks.join('|') + lg.caption);
          continue;
        }
        // The top tick is the manifest's hi of the zoom on screen, in user units.
        const hi = layer.zooms[String(lg.zoom)].hi;
        if (layer.scale !== 'date') {
          const top = Number(lg.ticks[2]);
          assert.ok(Math.abs(top - hi) <= Math.max(0.06 * Math.abs(hi), 0.011), layer.id + ' ' + top + ' vs ' + hi);
        } else {
          assert.equal(lg.ticks[2], new Date((Math.round(hi) - 1) * DAY * 1000).toISOString().slice(0, 7));
        }
        seen.set(layer.id, lg.ticks.join('|') + lg.caption);
      }
      assert.ok(new Set(seen.values()).size >= 5, 'legends differ between layers');

      // Zoom: the legend takes the scale of the new zoom.
      await page.selectOption('#layer-select', 'frequency-linear');
      const layer = manifest.layers.find((l) => l.id === 'frequency-linear');
      const z0 = (await legend(page)).zoom;
      const zs = Object.keys(layer.zooms).map(Number);
      const target = zs.filter((z) => z !== z0 && layer.zooms[z].hi !== layer.zooms[z0].hi)
        .sort((a, b) => Math.abs(a - z0) - Math.abs(b - z0))[0];
      assert.ok(target !== undefined, 'the manifest has another zoom with another scale');
      const before = await legend(page);
      await page.evaluate((z) => TH.app.map.setZoom(z, { animate: false }), target);
      await page.waitForFunction((z) => document.getElementById('legend').dataset.zoom === String(z), target);
      const afterZoom = await legend(page);
      assert.notDeepEqual(afterZoom.ticks, before.ticks);
      // Over-zoom past the deepest native zoom: tiles of max_zoom, scaled.
      await page.evaluate((z) => TH.app.map.setZoom(z, { animate: false }), manifest.max_zoom + 2);
      await page.waitForTimeout(300);
      assert.equal((await legend(page)).zoom, manifest.max_zoom);
      for (const t of await heatTiles(page)) assert.equal(t.split('/')[1], String(manifest.max_zoom));
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.failed, []);
      await context.close();
    });

    test('the stats panel shows the explorer cells of the selection', async () => {
      const { context, page, log } = await fx.openPage(browser);
      await showViewer(page, url);
      const table = () => page.$$eval('#explorer-stats tbody tr', (rows) => rows.map((r) => {
        const out = { zoom: r.dataset.zoom };
        r.querySelectorAll('td').forEach((td) => {
          out[td.dataset.stat] = td.dataset.value === undefined ? td.textContent : Number(td.dataset.value);
        });
        return out;
      }));
      // No filter: the whole history, from the manifest; every visited cell is new.
      await page.waitForTimeout(50);
      const all = await table();
      assert.deepEqual(all.map((r) => r.zoom), ['14', '17']);
      for (const r of all) {
        const m = manifest.explorer[r.zoom];
        assert.ok(m.visited > 0 && m.max_square > 0);
        assert.deepEqual(r, { zoom: r.zoom, visited: m.visited, max_square: m.max_square,
                              max_cluster: m.max_cluster, new: m.visited });
      }
      assert.equal(await page.isVisible('#explorer-note'), false);
      // A date filter: served, the live manifest's numbers; from file://, a note instead.
      const ext = fx.expectedTotals(acts, await shownFilter(page));
      const from = iso(ext.minDay + Math.floor((ext.maxDay - ext.minDay) * 0.5));
      await page.fill('#date-from', from);
      await page.dispatchEvent('#date-from', 'change');
      if (mode === 'served') {
        const live = await page.evaluate(async (q) => (await fetch('live/manifest.json?' + q)).json(),
                                         'after=' + from + '&before=' + iso(ext.maxDay));
        await page.waitForFunction((v) => document.querySelector(
          '#explorer-stats tr[data-zoom="17"] td[data-stat="visited"]').dataset.value === String(v),
          live.explorer['17'].visited);
        const filtered = await table();
        for (const r of filtered) {
          const l = live.explorer[r.zoom];
          assert.deepEqual(r, { zoom: r.zoom, visited: l.visited, max_square: l.max_square,
                                max_cluster: l.max_cluster, new: l.new });
          if (r.zoom === '17') assert.ok(l.visited < manifest.explorer[r.zoom].visited, 'the filter changes the stats');
          assert.ok(l.new <= l.visited);
        }
        assert.equal(await page.isVisible('#explorer-note'), false);
      } else {
        await page.waitForTimeout(100);
        for (const r of await table()) assert.equal(r.visited, '–');
        assert.equal(await page.isVisible('#explorer-note'), true);
        assert.match(await page.textContent('#explorer-note'), /trackheat serve/);
      }
      // Reset: the whole history again.
      await page.click('#filter-reset');
      await page.waitForTimeout(100);
      assert.deepEqual(await table(), all);
      assert.deepEqual(log.errors, []);
      await context.close();
    });

    // Zooms finer than the z14 cells need a deeper site than the others use (from file://).
    if (mode === 'file') test('an explorer layer shows whole cells past the edges of the tracks', async () => {
      const deep = fx.buildSite({ name: 'site-z16', zooms: ['--min-zoom', '12', '--max-zoom', '16'] });
      const deepData = fx.readDataScripts(deep);
      const { context, page, log } = await fx.openPage(browser);
      await showViewer(page, 'file://' + path.join(deep, 'index.html'));
      await page.selectOption('#layer-select', 'explorer-14');
      const b = deepData.TRACKHEAT_MANIFEST.bounds;
      const data = deepData;
      // The westernmost, easternmost, northernmost and southernmost visited z14 cells (the tiles
      // tiles.js lists for explorer-14 at zoom 14 are the cells).
      const cells = [];
      const bit = 1 << data.TRACKHEAT_TILES.layers.indexOf('explorer-14');
      const list14 = data.TRACKHEAT_TILES.zooms['14'];
      for (let i = 0, x = 0, y = 0; i + 2 < list14.length; i += 3) {
        if (list14[i] !== 0) { x += list14[i]; y = list14[i + 1]; } else { y += list14[i + 1]; }
        if (list14[i + 2] & bit) cells.push([x, y]);
      }
      const by = (f) => cells.reduce((m, c) => (f(c) < f(m) ? c : m));
      const extremes = [by((c) => c[0]), by((c) => -c[0]), by((c) => c[1]), by((c) => -c[1])];
      // Every explorer-14 tile on screen at zoom 16 on those cells (a z14 cell is 4 x 4 tiles
      // there, reaching past the tracks' box) is shown.
      const onScreen = () => page.evaluate(() => {
        const map = TH.app.map, list = new TH.TileList(window.TRACKHEAT_TILES);
        const px = map.getPixelBounds(), z = map.getZoom();
        const listed = [];
        for (let x = Math.floor(px.min.x / 256); x <= Math.floor(px.max.x / 256); x++) {
          for (let y = Math.floor(px.min.y / 256); y <= Math.floor(px.max.y / 256); y++) {
            if (list.has('explorer-14', z, x, y)) listed.push('explorer-14/' + z + '/' + x + '/' + y);
          }
        }
        const shown = Array.from(document.querySelectorAll('.heat-tiles img'))
          .filter((i) => i.complete && i.naturalWidth > 0)
          .map((i) => /tiles\/(.+)\.png$/.exec(i.src)[1]);
        return { listed, shown, missing: listed.filter((t) => !shown.includes(t)) };
      });
      let outside = 0;
      for (const corner of extremes) {
        await page.evaluate((c) => TH.app.map.setView(
          L.CRS.EPSG3857.pointToLatLng(L.point((c[0] + 0.5) * 256, (c[1] + 0.5) * 256), 14), 16,
          { animate: false }), corner);
        await page.waitForTimeout(300);
        for (let i = 0; i < 40 && (await onScreen()).missing.length > 0; i++) await page.waitForTimeout(100);
        const s = await onScreen();
        assert.ok(s.listed.length > 0, 'explorer tiles around ' + corner);
        assert.deepEqual(s.missing, [], 'explorer tiles not shown around ' + corner);
        // Tiles wholly west or north of the NW corner, east or south of the SE one.
        outside += await page.evaluate((bb) => {
          const box = L.latLngBounds([[bb[1], bb[0]], [bb[3], bb[2]]]);
          return Array.from(document.querySelectorAll('.heat-tiles img'))
            .filter((i) => i.complete && i.naturalWidth > 0).map((i) => /(\d+)\/(\d+)\/(\d+)\.png$/.exec(i.src))
            .filter((m) => {
              const z = Number(m[1]), x = Number(m[2]), y = Number(m[3]);
              const crs = L.CRS.EPSG3857;
              const nw = crs.pointToLatLng(L.point(x * 256, y * 256), z);
              const se = crs.pointToLatLng(L.point((x + 1) * 256, (y + 1) * 256), z);
              return !box.intersects(L.latLngBounds(nw, se));
            }).length;
        }, b);
      }
      assert.ok(outside > 0, 'cells reach past the tracks\' box');
      assert.deepEqual(log.errors, []);
      await context.close();
    });

    test('the stats panel follows the filter exactly', async () => {
      const { context, page, log } = await fx.openPage(browser);
      await showViewer(page, url);
      const all = await expectStatsMatch(page);
      assert.equal(all.want.count, acts.count);
      const ext = fx.expectedTotals(acts, all.f);
      // Typed values.
      const span = ext.maxDay - ext.minDay;
      await page.fill('#date-from', iso(ext.minDay + Math.floor(span * 0.2)));
      await page.dispatchEvent('#date-from', 'change');
      await page.fill('#date-to', iso(ext.minDay + Math.floor(span * 0.8)));
      await page.dispatchEvent('#date-to', 'change');
      await page.fill('#km-from', '3.5');
      await page.dispatchEvent('#km-from', 'change');
      const narrowed = await expectStatsMatch(page);
      assert.ok(narrowed.want.count > 0 && narrowed.want.count < acts.count, 'a real subset');
      assert.equal(narrowed.f.kmLo, 3.5);
      // Slider handles, moved by keyboard as a user would: the stats follow every step.
      await page.focus('#km-hi');
      for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowLeft');
      await expectStatsMatch(page);
      await page.focus('#date-lo');
      for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
      const moved = await expectStatsMatch(page);
      assert.ok(moved.f.dayLo > narrowed.f.dayLo);
      // Sliders dragged by value (the handles cannot cross).
      await page.fill('#km-hi', '1');
      const crossed = await expectStatsMatch(page);
      assert.ok(crossed.f.kmHi >= crossed.f.kmLo);
      await page.click('#filter-reset');
      // Sports: leave out the most common one.
      const first = await page.$eval('#sport-list input', (b) => b.value);
      await page.uncheck('#sport-list input[value="' + first + '"]');
      const sport = await expectStatsMatch(page);
      assert.ok(!sport.f.sports.includes(first));
      assert.ok(sport.want.count < acts.count);
      assert.deepEqual(log.errors, []);
      await context.close();
    });

    test('the URL hash restores base map, layer, view and filter after a reload', async () => {
      const { context, page, log } = await fx.openPage(browser);
      await showViewer(page, url);
      await page.selectOption('#basemap-select', 'topo');
      await page.selectOption('#layer-select', 'pace');
      await page.evaluate(() => TH.app.map.setZoom(TH.app.map.getZoom() + 1, { animate: false }));
      await page.fill('#km-from', '2');
      await page.dispatchEvent('#km-from', 'change');
      const first = await page.$eval('#sport-list input', (b) => b.value);
      await page.uncheck('#sport-list input[value="' + first + '"]');
      await page.waitForFunction(() => /km=2\.\./.test(location.hash) && /l=pace/.test(location.hash) &&
                                       /&s=/.test(location.hash) && /b=topo/.test(location.hash));
      const wanted = { filter: await shownFilter(page), stats: await stats(page),
                       zoom: await page.evaluate(() => TH.app.map.getZoom()),
                       center: await page.evaluate(() => TH.app.map.getCenter()) };
      const hash = await page.evaluate(() => location.hash);
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      assert.equal(await page.evaluate(() => location.hash), hash);
      assert.equal(await page.inputValue('#basemap-select'), 'topo');
      assert.equal(await page.inputValue('#layer-select'), 'pace');
      assert.equal((await legend(page)).layer, 'pace');
      assert.deepEqual(await shownFilter(page), wanted.filter);
      assert.deepEqual(await stats(page), wanted.stats);
      assert.equal(await page.evaluate(() => TH.app.map.getZoom()), wanted.zoom);
      const c = await page.evaluate(() => TH.app.map.getCenter());
      assert.ok(Math.abs(c.lat - wanted.center.lat) < 1e-4 && Math.abs(c.lng - wanted.center.lng) < 1e-4);
      await waitForHeat(page, 'pace');
      // A link pasted into the same tab changes only the hash; the page follows it.
      const ext = fx.expectedTotals(acts, wanted.filter);
      const link = '#b=osm&l=climb&v=10/' + wanted.center.lat.toFixed(5) + '/' + wanted.center.lng.toFixed(5) +
                   '&d=' + iso(ext.minDay + 30) + '..' + iso(ext.maxDay) + '&s=Run';
      await page.evaluate((h) => { location.hash = h; }, link);
      await page.waitForFunction(() => document.getElementById('layer-select').value === 'climb');
      assert.equal(await page.inputValue('#basemap-select'), 'osm');
      assert.equal(await page.evaluate(() => TH.app.map.getZoom()), 10);
      const linked = await expectStatsMatch(page);
      assert.deepEqual(linked.f.sports, ['Run']);
      assert.equal(linked.f.dayLo, ext.minDay + 30);
      assert.equal(linked.f.kmLo, 0);
      assert.deepEqual(log.errors, []);
      await context.close();
    });

    test('works at phone width and by keyboard', async () => {
      const { context, page, log } = await fx.openPage(browser, { width: 390, height: 844 });
      await showViewer(page, url);
      assert.equal(await page.isVisible('#panel'), false, 'the map comes first on a phone');
      await page.focus('#panel-toggle');
      await page.keyboard.press('Enter');
      assert.equal(await page.isVisible('#panel'), true);
      const box = await page.locator('#panel').boundingBox();
      assert.ok(box.width <= 390 && box.x >= 0, 'the panel fits the screen');
      // Keyboard only: the layer picker takes arrow keys.
      await page.focus('#layer-select');
      await page.keyboard.press('ArrowDown');
      const chosen = await page.inputValue('#layer-select');
      assert.notEqual(chosen, 'frequency-log');
      assert.equal((await legend(page)).layer, chosen);
      await page.screenshot({ path: path.join(fx.WORK, 'viewer-phone-' + mode + '.png') });
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('#panel'), false);
      assert.deepEqual(log.errors, []);
      await context.close();
    });
  });
}
