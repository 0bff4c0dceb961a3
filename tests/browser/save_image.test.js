// "Save image" as a user meets it: served, the button downloads a PNG of the view at twice the
// screen's resolution, with the filter in its title and heat in it; from file:// it says how to
// get this, without a request.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const fx = require('./fixture.js');

const site = fx.buildSite();
const { TRACKHEAT_ACTIVITIES: acts } = fx.readDataScripts(site);
const iso = (day) => new Date(day * 86400e3).toISOString().slice(0, 10);
const ext = fx.expectedTotals(acts, { dayLo: -Infinity, dayHi: Infinity, kmLo: 0, kmHi: Infinity,
                                      sports: acts.sports });

// Decodes a PNG of colour type 6, bit depth 8 (what the poster writes) into RGBA rows, with
// any of the five row filters undone, so the check does not rely on the encoder's choice.
function decodeRgbaPng(bytes) {
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature');
  let at = 8, width = 0, height = 0;
  const idat = [];
  while (at < bytes.length) {
    const len = bytes.readUInt32BE(at), type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      assert.equal(data[8], 8, 'bit depth 8');
      assert.equal(data[9], 6, 'RGBA');
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4, px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= 4 ? px[y * stride + i - 4] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = i >= 4 && y > 0 ? px[(y - 1) * stride + i - 4] : 0;
      let p = 0;
      if (filter === 1) p = a; else if (filter === 2) p = b; else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const e = a + b - c, pa = Math.abs(e - a), pb = Math.abs(e - b), pc = Math.abs(e - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + i] = (x + p) & 255;
    }
  }
  return { width, height, at: (x, y) => Array.from(px.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)) };
}

describe('Save image through trackheat serve', () => {
  let browser, server;
  before(async () => {
    browser = await fx.launchBrowser();
    server = await fx.startServer(site);
  });
  after(async () => {
    await browser.close();
    const exit = await server.stop();
    assert.equal(exit.code, 0, 'serve exits cleanly on SIGTERM: ' + exit.out);
  });

  test('downloads the view at twice the screen resolution, titled with the filter', async () => {
    const viewport = { width: 1100, height: 700 };
    const { context, page, log } = await fx.openPage(browser, viewport);
    const asked = [];
    page.on('request', (r) => { if (/\/api\/poster\.png\?/.test(r.url())) asked.push(new URL(r.url())); });
    await fx.showViewer(page, server.url);
    const layerId = await page.inputValue('#layer-select');
    await fx.waitForHeat(page, layerId);
    const from = ext.minDay + Math.floor((ext.maxDay - ext.minDay) * 0.3);
    await page.fill('#date-from', iso(from));
    await page.dispatchEvent('#date-from', 'change');
    const size = await page.evaluate(() => TH.app.map.getSize());
    assert.deepEqual([size.x, size.y], [viewport.width, viewport.height], 'the map fills the window');
    const zoom = await page.evaluate(() => TH.app.map.getZoom());

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }),
                                          page.click('#save-image')]);
    const file = path.join(fx.WORK, 'saved-image.png');
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), new RegExp('^trackheat-' + layerId + '-z\\d+\\.png$'));
    assert.equal(asked.length, 1);
    const q = asked[0].searchParams;
    assert.equal(q.get('layer'), layerId);
    assert.equal(q.get('z'), String(zoom + 1), 'one zoom deeper: the same ground at twice the pixels');
    assert.equal(q.get('after'), iso(from));
    assert.match(q.get('title'), new RegExp(iso(from) + ' to '));

    const png = decodeRgbaPng(fs.readFileSync(file));
    assert.equal(png.width, 2 * viewport.width);
    assert.equal(png.height, 2 * viewport.height);
    // The middle half, clear of title, legend and credit line: the dark ground and heat on it.
    const ground = png.at(png.width / 2, 2);
    let heat = 0;
    for (let y = png.height / 4; y < png.height * 3 / 4; y += 2) {
      for (let x = png.width / 4; x < png.width * 3 / 4; x += 2) {
        if (png.at(x, y).join() !== ground.join()) heat++;
      }
    }
    assert.ok(heat > 500, 'heat in the middle of the image: ' + heat + ' pixels differ from ' + ground);
    assert.equal(await page.isVisible('#save-note'), false);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe('Save image from file://', () => {
  test('says to run trackheat serve, without a request', async () => {
    const browser = await fx.launchBrowser();
    const { context, page, log } = await fx.openPage(browser);
    const asked = [];
    page.on('request', (r) => { if (/\/api\//.test(r.url())) asked.push(r.url()); });
    await fx.showViewer(page, 'file://' + path.join(site, 'index.html'));
    await page.click('#save-image');
    assert.equal(await page.textContent('#save-note'), 'Run trackheat serve to save the map as an image.');
    assert.equal(await page.isVisible('#save-note'), true);
    assert.deepEqual(asked, []);
    assert.deepEqual(log.errors, []);
    await context.close();
    await browser.close();
  });
});
