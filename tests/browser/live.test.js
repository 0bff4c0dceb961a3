// The live map of `trackheat serve` as a user meets it: the heatmap follows the filter in every
// layer (live tiles, the legend of the filter's scale), a bookmarked filter opens live, and a
// click on the map lists the activities that passed there. Against the real server; from
// file:// a click only says how to get this.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fx = require('./fixture.js');

const site = fx.buildSite();
const { TRACKHEAT_MANIFEST: manifest, TRACKHEAT_ACTIVITIES: acts } = fx.readDataScripts(site);
const iso = (day) => new Date(day * 86400e3).toISOString().slice(0, 10);
const ext = fx.expectedTotals(acts, { dayLo: -Infinity, dayHi: Infinity, kmLo: 0, kmHi: Infinity,
                                      sports: acts.sports });

// GET a JSON route of the server, waiting out the 503 it answers while loading its index.
async function getJson(url) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(url);
    if (res.status !== 503) {
      assert.equal(res.status, 200, url + ': ' + (await res.clone().text()));
      return res.json();
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(url + ' still loading');
}

// The heat tile images on screen: address after the origin, decoded width, marked empty (204).
async function heatImages(page) {
  return page.$$eval('.heat-tiles img', (imgs) => imgs.map((i) => ({
    src: i.src.slice(location.origin.length + 1), width: i.naturalWidth,
    empty: i.classList.contains('heat-empty') })));
}

// Waits until every heat tile on screen matches `re` and has finished (decoded at 256 px, or
// empty), at least one of them drawn; returns them.
async function heatSettled(page, re) {
  await page.waitForFunction((source) => {
    const want = new RegExp(source);
    const imgs = Array.from(document.querySelectorAll('.heat-tiles img'));
    return imgs.length > 0 && imgs.some((i) => i.naturalWidth === 256) && imgs.every((i) =>
      want.test(i.src) && i.complete && (i.naturalWidth === 256 || i.classList.contains('heat-empty')));
  }, re.source, { timeout: 15000 });
  return heatImages(page);
}

const liveTiles = (layer, query) => new RegExp('/live/' + layer + '/\\d+/\\d+/\\d+\\.png\\?' + query + '$');
const siteTiles = (layer) => new RegExp('/tiles/' + layer + '/\\d+/\\d+/\\d+\\.png$');

// The legend the live manifest of a filter gives for a layer at the zoom on screen, by the
// viewer's legend math (the top tick is also checked against hi directly).
async function legendFor(page, live, layerId) {
  return page.evaluate(({ live, layerId }) => {
    const site = window.TRACKHEAT_MANIFEST;
    const layer = Object.assign({}, site.layers.find((l) => l.id === layerId),
                                { zooms: live.layers.find((l) => l.id === layerId).zooms });
    const z = TH.legend.scaleZoom(layer, TH.app.map.getZoom(), site);
    const scale = layer.zooms[String(z)];
    return { zoom: z, hi: scale.hi,
             ticks: [0, 0.5, 1].map((t) => TH.format.tick(TH.legend.valueAt(layer, scale, t))) };
  }, { live, layerId });
}

async function expectLiveLegend(page, live, layerId) {
  const want = await legendFor(page, live, layerId);
  const shown = await fx.legend(page);
  assert.equal(shown.layer, layerId);
  assert.equal(shown.zoom, want.zoom);
  assert.deepEqual(shown.ticks, want.ticks);
  assert.ok(Math.abs(Number(shown.ticks[2]) - want.hi) <= Math.max(0.06 * want.hi, 0.011),
            shown.ticks[2] + ' vs ' + want.hi);
  return shown;
}

// Records the status of every live tile answer (200, 204, or 304 when revalidated).
function recordLiveTiles(page) {
  const statuses = [];
  page.on('response', (r) => {
    if (/^\/live\/(?!manifest\.json)/.test(new URL(r.url()).pathname)) statuses.push(r.status() + ' ' + r.url());
  });
  return statuses;
}

// The screen position of a map point, for the mouse.
async function screenPoint(page, latLon) {
  return page.evaluate((v) => {
    const p = TH.app.map.latLngToContainerPoint(v);
    const r = TH.app.map.getContainer().getBoundingClientRect();
    return { x: p.x + r.left, y: p.y + r.top };
  }, latLon);
}

// The list of "What passed here?" as shown: heading, row ids and texts.
async function hereList(page) {
  return page.$eval('#here', (el) => ({
    hidden: el.hidden, state: el.dataset.state,
    heading: el.querySelector('#here-heading').textContent,
    ids: Array.from(el.querySelectorAll('#here-list button')).map((b) => Number(b.dataset.id)),
    rows: Array.from(el.querySelectorAll('#here-list button')).map((b) => b.textContent),
  }));
}

// Asks "what passed here" (by `how`, a function doing the click or key press) and returns the
// list shown with the server's answer it shows.
async function askHere(page, how) {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/here');
  await how();
  const res = await answered;
  assert.equal(res.status(), 200);
  const answer = await res.json();
  await page.waitForFunction(() => ['list', 'empty'].includes(document.getElementById('here').dataset.state));
  return { answer, url: new URL(res.url()), shown: await hereList(page) };
}

function expectShowsAnswer(shown, answer) {
  assert.deepEqual(shown.ids, answer.activities.map((a) => a.id));
  const noun = answer.count === 1 ? 'activity' : 'activities';
  assert.equal(shown.heading, answer.count + ' ' + noun + ' passed here' +
               (answer.count > answer.activities.length ? ', showing the newest ' + answer.activities.length : ''));
  answer.activities.forEach((a, k) => {
    assert.ok(shown.rows[k].includes(a.date) && shown.rows[k].includes(a.sport), shown.rows[k]);
    const km = a.distance_m / 1000;
    if (a.distance_m !== null) assert.ok(shown.rows[k].includes(km.toFixed(km >= 100 ? 0 : 1) + ' km'), shown.rows[k]);
    const min = Math.round(a.moving_s / 60);
    if (a.moving_s !== null) {
      assert.ok(shown.rows[k].includes(Math.floor(min / 60) + ' h ' + String(min % 60).padStart(2, '0') + ' min'), shown.rows[k]);
    }
  });
}

describe('the live map of trackheat serve', () => {
  let browser, server, url;
  before(async () => {
    browser = await fx.launchBrowser();
    server = await fx.startServer(site);
    url = server.url;
  });
  after(async () => {
    await browser.close();
    const exit = await server.stop();
    assert.equal(exit.code, 0, 'serve exits cleanly on SIGTERM: ' + exit.out);
  });

  test('the heatmap and its legend follow the filter in every layer; reset returns to the site', async () => {
    const { context, page, log } = await fx.openPage(browser);
    const statuses = recordLiveTiles(page);
    const manifests = [];
    page.on('request', (r) => { if (/\/live\/manifest\.json\?/.test(r.url())) manifests.push(r.url()); });
    await fx.showViewer(page, url);
    assert.equal(await page.isVisible('#file-note'), false, 'no "shows all activities" note when served');
    const layerId = await page.inputValue('#layer-select');
    await heatSettled(page, siteTiles(layerId));
    const full = await fx.legend(page);

    // A later start date, typed: live tiles of the filter replace the pre-rendered ones.
    const from = ext.minDay + Math.floor((ext.maxDay - ext.minDay) * 0.6);
    await page.fill('#date-from', iso(from));
    await page.dispatchEvent('#date-from', 'change');
    const query = 'after=' + iso(from) + '&before=' + iso(ext.maxDay);
    const shown = await heatSettled(page, liveTiles(layerId, query));
    assert.ok(shown.some((t) => t.width === 256));
    const live = await getJson(url + 'live/manifest.json?' + query);
    const site = manifest.layers.find((l) => l.id === layerId);
    const liveZooms = live.layers.find((l) => l.id === layerId).zooms;
    assert.notDeepEqual(liveZooms[String(full.zoom)], site.zooms[String(full.zoom)],
                        'the filter changes the scale of the zoom on screen');
    const filtered = await expectLiveLegend(page, live, layerId);
    assert.notDeepEqual(filtered.ticks, full.ticks);
    await page.waitForFunction((d) => location.hash.includes('&d=' + d), iso(from) + '..' + iso(ext.maxDay));

    // Another layer while filtered: its live tiles and legend.
    await page.selectOption('#layer-select', 'frequency-activities');
    await heatSettled(page, liveTiles('frequency-activities', query));
    await expectLiveLegend(page, live, 'frequency-activities');

    // Ten slider steps in one go, as a drag sends them: one manifest request, for where the
    // handle stops (debounced).
    const asked = manifests.length;
    await page.evaluate(() => {
      const hi = document.getElementById('date-hi');
      for (let i = 0; i < 10; i++) {
        hi.value = String(Number(hi.value) - 1);
        hi.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    const query2 = 'after=' + iso(from) + '&before=' + iso(ext.maxDay - 10);
    await heatSettled(page, liveTiles('frequency-activities', query2));
    assert.deepEqual(manifests.slice(asked), [url + 'live/manifest.json?' + query2], 'debounced');
    await expectLiveLegend(page, await getJson(url + 'live/manifest.json?' + query2), 'frequency-activities');

    // Reset: the pre-rendered tiles and the site's legend.
    await page.click('#filter-reset');
    await heatSettled(page, siteTiles('frequency-activities'));
    await page.selectOption('#layer-select', layerId);
    await heatSettled(page, siteTiles(layerId));
    assert.deepEqual(await fx.legend(page), full);
    for (const s of statuses) assert.match(s, /^(200|204|304) /);
    assert.ok(statuses.some((s) => s.startsWith('200 ')));
    assert.deepEqual(log.errors, []);
    await page.screenshot({ path: path.join(fx.WORK, 'live-reset.png') });
    await context.close();
  });

  test('sports: one sport draws only its tiles; a late answer for an older filter does not win', async () => {
    const { context, page, log } = await fx.openPage(browser);
    await fx.showViewer(page, url);
    const layerId = await page.inputValue('#layer-select');
    await heatSettled(page, siteTiles(layerId));
    // The answer for "Run only" is held back 1.5 s: the user has moved on to "Ride only" by then.
    let lateAsked = null, lateDone = null;
    const asked = new Promise((done) => { lateAsked = done; });
    const late = new Promise((done) => { lateDone = done; });
    await context.route(/\/live\/manifest\.json\?sport=Run$/, async (route) => {
      lateAsked();
      await new Promise((done) => setTimeout(done, 1500));
      await route.continue();
      lateDone();
    });
    const boxes = await page.$$eval('#sport-list input', (bs) => bs.map((b) => b.value));
    for (const s of boxes) if (s !== 'Run') await page.uncheck('#sport-list input[value="' + s + '"]');
    await asked;  // past the debounce: the "Run" request is in flight
    await page.check('#sport-list input[value="Ride"]');
    await page.uncheck('#sport-list input[value="Run"]');
    await heatSettled(page, liveTiles(layerId, 'sport=Ride'));
    await late;
    await page.waitForTimeout(300);
    const shown = await heatImages(page);
    for (const t of shown) assert.match(t.src, /\?sport=Ride$/);
    await expectLiveLegend(page, await getJson(url + 'live/manifest.json?sport=Ride'), layerId);
    assert.match(await page.evaluate(() => location.hash), /&s=Ride$/);
    // No sport at all: nothing drawn, and the legend says so.
    await page.uncheck('#sport-list input[value="Ride"]');
    await page.waitForFunction(() => /no data/.test(document.getElementById('legend-caption').textContent));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.heat-tiles img'))
      .every((i) => /\?sport=$/.test(i.src) && i.classList.contains('heat-empty')));
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('a bookmarked filtered link opens on the live heatmap of its filter', async () => {
    const { context, page, log } = await fx.openPage(browser);
    const paths = [];
    page.on('request', (r) => paths.push(new URL(r.url()).pathname));
    const from = ext.minDay + Math.floor((ext.maxDay - ext.minDay) * 0.3);
    const to = ext.minDay + Math.floor((ext.maxDay - ext.minDay) * 0.7);
    await fx.showViewer(page, url + '#l=pace&d=' + iso(from) + '..' + iso(to) + '&km=0..20');
    const query = 'after=' + iso(from) + '&before=' + iso(to) + '&max_km=20';
    await heatSettled(page, liveTiles('pace', query));
    await expectLiveLegend(page, await getJson(url + 'live/manifest.json?' + query), 'pace');
    assert.deepEqual(paths.filter((p) => p.startsWith('/tiles/')), [], 'no pre-rendered tile first');
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('a click or Enter lists what passed there; a chosen track is drawn and fitted; Escape clears', async () => {
    const { context, page, log } = await fx.openPage(browser);
    await fx.showViewer(page, url);
    const zoom = 12;
    // A hike (few of them share its paths), at a vertex in the middle of its longest run.
    const i = acts.sports.indexOf('Hike') >= 0
      ? acts.sport.findIndex((s, k) => acts.sports[s] === 'Hike' && acts.bbox[k]) : acts.bbox.findIndex(Boolean);
    const id = acts.id[i];
    const track = await getJson(url + 'api/track/' + id + '?z=' + zoom);
    assert.equal(track.id, id);
    const run = track.runs.slice().sort((a, b) => b.length - a.length)[0];
    const vertex = run[Math.floor(run.length / 2)];
    await page.evaluate(({ v, z }) => TH.app.map.setView(v, z, { animate: false }), { v: vertex, z: zoom });

    // Enter on the focused map asks about its centre.
    await page.focus('#map');
    const byKey = await askHere(page, () => page.keyboard.press('Enter'));
    assert.equal(byKey.url.searchParams.get('z'), String(zoom));
    assert.equal(byKey.url.searchParams.get('r'), '3');
    assert.ok(byKey.shown.ids.includes(id) || byKey.answer.count > 50, JSON.stringify(byKey.shown));
    expectShowsAnswer(byKey.shown, byKey.answer);
    assert.equal(await page.evaluate(() => document.activeElement.className), 'here-row', 'focus moves into the list');
    assert.equal(await page.$eval('#here-live', (el) => el.textContent), byKey.shown.heading);
    await page.keyboard.press('Escape');
    assert.equal((await hereList(page)).hidden, true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'map');

    // A click on the track.
    const at = await screenPoint(page, vertex);
    const byClick = await askHere(page, () => page.mouse.click(at.x, at.y));
    expectShowsAnswer(byClick.shown, byClick.answer);
    assert.ok(byClick.shown.ids.includes(id));
    const lat = Number(byClick.url.searchParams.get('lat')), lon = Number(byClick.url.searchParams.get('lon'));
    assert.ok(Math.abs(lat - vertex[0]) < 1e-3 && Math.abs(lon - vertex[1]) < 1e-3, lat + ',' + lon + ' vs ' + vertex);
    const row = '#here-list button[data-id="' + id + '"]';
    await page.click(row);
    await page.waitForSelector('.leaflet-overlay-pane path.here-track');
    assert.equal(await page.getAttribute(row, 'aria-current'), 'true');
    const [w, s, e, n] = track.bbox;
    await page.waitForFunction((b) => TH.app.map.getBounds().contains([[b[1], b[0]], [b[3], b[2]]]), track.bbox);
    const drawn = await page.evaluate(() => {
      const pane = (name) => Number(getComputedStyle(TH.app.map.getPane(name)).zIndex);
      return { above: pane('overlayPane') > pane('heat'),
               d: document.querySelector('.leaflet-overlay-pane path.here-track').getAttribute('d') };
    });
    assert.ok(drawn.above, 'the track is drawn above the heat');
    assert.ok(drawn.d && drawn.d.length > 10);
    assert.ok(w < e && s < n);
    await page.screenshot({ path: path.join(fx.WORK, 'live-here.png') });
    await page.keyboard.press('Escape');
    assert.equal((await hereList(page)).hidden, true);
    assert.equal(await page.locator('.leaflet-overlay-pane path.here-track, .leaflet-overlay-pane path.here-casing').count(), 0);

    // With the hike's sport left out of the filter, the same spot does not list it.
    await page.uncheck('#sport-list input[value="' + acts.sports[acts.sport[i]] + '"]');
    await page.evaluate(({ v, z }) => TH.app.map.setView(v, z, { animate: false }), { v: vertex, z: zoom });
    const at2 = await screenPoint(page, vertex);
    const filtered = await askHere(page, () => page.mouse.click(at2.x, at2.y));
    assert.ok(filtered.url.searchParams.get('sport'), 'the filter is sent');
    assert.ok(!filtered.shown.ids.includes(id));
    if (filtered.answer.count === 0) assert.equal(filtered.shown.heading, 'Nothing passed here');
    else expectShowsAnswer(filtered.shown, filtered.answer);

    // An empty spot, well away from every track: "Nothing passed here", briefly.
    const b = manifest.bounds;
    await page.evaluate(({ v, z }) => TH.app.map.setView(v, z, { animate: false }),
                        { v: [b[1] - 0.5, b[0] - 0.5], z: zoom });
    const empty = await askHere(page, () => page.mouse.click(800, 400));
    assert.equal(empty.answer.count, 0);
    assert.equal(empty.shown.heading, 'Nothing passed here');
    assert.equal(empty.shown.hidden, false);
    await page.waitForFunction(() => document.getElementById('here').hidden, null, { timeout: 5000 });
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('at a low zoom the newest 50 of more are listed; dragging the map asks nothing', async () => {
    const { context, page, log } = await fx.openPage(browser);
    const asked = [];
    page.on('request', (r) => { if (/\/api\/here/.test(r.url())) asked.push(r.url()); });
    await fx.showViewer(page, url);
    const id = acts.id[acts.bbox.findIndex(Boolean)];
    const track = await getJson(url + 'api/track/' + id + '?z=3');
    const vertex = track.runs[0][0];
    await page.evaluate((v) => TH.app.map.setView(v, 3, { animate: false }), vertex);
    const at = await screenPoint(page, vertex);
    const many = await askHere(page, () => page.mouse.click(at.x, at.y));
    assert.ok(many.answer.count > 50, 'the whole demo lies within a few pixels at zoom 3: ' + many.answer.count);
    assert.equal(many.shown.ids.length, 50);
    assert.match(many.shown.heading, /^\d+ activities passed here, showing the newest 50$/);
    expectShowsAnswer(many.shown, many.answer);
    const dates = many.answer.activities.map((a) => a.date);
    assert.deepEqual(dates, dates.slice().sort().reverse(), 'newest first');
    await page.click('#here-close');
    // A drag pans the map and lists nothing.
    const before = asked.length;
    const centre = await page.evaluate(() => TH.app.map.getCenter());
    await page.mouse.move(800, 400);
    await page.mouse.down();
    await page.mouse.move(700, 350, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(600);
    const moved = await page.evaluate(() => TH.app.map.getCenter());
    assert.ok(moved.lat !== centre.lat || moved.lng !== centre.lng, 'the map was dragged');
    assert.equal(asked.length, before);
    assert.equal((await hereList(page)).hidden, true);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('at phone width the list fits the screen above the filter sheet', async () => {
    const { context, page, log } = await fx.openPage(browser, { width: 390, height: 844 });
    await fx.showViewer(page, url);
    const layerId = await page.inputValue('#layer-select');
    await heatSettled(page, siteTiles(layerId));
    // A spot where the heat is drawn: the centre of the first activity's drawn box's track.
    const id = acts.id[acts.bbox.findIndex(Boolean)];
    const track = await getJson(url + 'api/track/' + id + '?z=11');
    const vertex = track.runs[0][Math.floor(track.runs[0].length / 2)];
    await page.evaluate((v) => TH.app.map.setView(v, 11, { animate: false }), vertex);
    const at = await screenPoint(page, vertex);
    const asked = await askHere(page, () => page.mouse.click(at.x, at.y));
    assert.ok(asked.shown.ids.includes(id));
    const box = await page.locator('#here').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390 && box.y >= 0 && box.y + box.height <= 844, JSON.stringify(box));
    await page.screenshot({ path: path.join(fx.WORK, 'live-here-phone.png') });
    await page.click('#here-close');
    assert.equal((await hereList(page)).hidden, true);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe('the map from file://', () => {
  test('a click says to run trackheat serve, without a request', async () => {
    const browser = await fx.launchBrowser();
    const { context, page, log } = await fx.openPage(browser);
    const asked = [];
    page.on('request', (r) => { if (/\/(api|live)\//.test(r.url())) asked.push(r.url()); });
    await fx.showViewer(page, 'file://' + path.join(site, 'index.html'));
    await page.mouse.click(800, 400);
    await page.waitForSelector('#here:not([hidden])');
    assert.equal(await page.textContent('#here-heading'), 'Run trackheat serve to see which activities passed here.');
    assert.equal(await page.locator('#here-list li').count(), 0);
    assert.equal(await page.isVisible('#file-note'), true);
    assert.deepEqual(asked, []);
    assert.deepEqual(log.errors, []);
    await context.close();
    await browser.close();
  });
});
