// The admin page as a user meets it in `trackheat serve`: a Strava export plus loose copies of
// three of its activities (the same recordings, un-gzipped: other bytes, so probable matches).
// Every outing is counted once; picking the other record and rebuilding shows it in
// activities.js instead; undo and rebuild bring the default back.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');
const fx = require('./fixture.js');

const DIR = path.join(fx.WORK, 'admin');

function buildWithCopies() {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(DIR, 'copies'), { recursive: true });
  const run = (args) => execFileSync(process.env.TRACKHEAT_BINARY, args,
                                     { cwd: DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  run(['demo', '--out', 'demo', '--activities', '20', '--seed', '9']);
  const files = fs.readdirSync(path.join(DIR, 'demo', 'activities'))
    .filter((f) => f.endsWith('.fit.gz')).sort().slice(0, 3);
  for (const f of files) {
    const bytes = zlib.gunzipSync(fs.readFileSync(path.join(DIR, 'demo', 'activities', f)));
    fs.writeFileSync(path.join(DIR, 'copies', f.replace(/\.gz$/, '')), bytes);
  }
  run(['build', '--strava', 'demo', '--cache', 'cache', '--out', 'site', '--max-zoom', '11',
       '--quiet', 'copies']);
}

function activities() {
  const window = {};
  vm.runInNewContext(fs.readFileSync(path.join(DIR, 'site', 'data', 'activities.js'), 'utf8'),
                     { window });
  return window.TRACKHEAT_ACTIVITIES;
}

// Waits until the pair card shows record `id` with `status` ("drawn (winner)", "left out").
function waitForStatus(page, id, status) {
  return page.waitForFunction(([rid, text]) => {
    const el = document.querySelector('.pair .record[data-id="' + rid + '"]');
    return el && el.textContent.includes(text);
  }, [id, status]);
}

async function rebuildAndWait(page) {
  await page.click('#rebuild');
  await page.waitForFunction(() => /^Map rebuilt|^Rebuild failed/.test(
    document.getElementById('rebuild-status').textContent), null, { timeout: 120000 });
  const status = await page.textContent('#rebuild-status');
  assert.match(status, /^Map rebuilt/, status);
}

describe('admin page', () => {
  let server, browser;
  before(async () => {
    buildWithCopies();
    server = await fx.startServer(path.join(DIR, 'site'), path.join(DIR, 'cache'), DIR);
    browser = await fx.launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('each outing once; the other winner, rebuilt, shows in activities.js; undo restores', async () => {
    const before = activities();
    assert.equal(before.count, 20);
    assert.ok(!before.source.some((s) => before.sources[s] === 'file'), 'copies are left out');

    const { page, log, context } = await fx.openPage(browser);
    await page.goto(server.url + 'admin/');
    await page.waitForSelector('.pair');
    assert.equal(await page.locator('.pair').count(), 3);
    assert.match(await page.textContent('#pairs-summary'), /^3 matched pairs/);

    // The API refuses a request without the token.
    assert.equal((await fetch(server.url + 'api/pairs')).status, 403);
    assert.equal((await fetch(server.url + 'api/decide', { method: 'POST', body: '{}' })).status, 403);

    // In the first pair, keep the record that is left out now.
    const card = page.locator('.pair').first();
    const loser = card.locator('.record', { hasText: 'left out' });
    const loserId = Number(await loser.getAttribute('data-id'));
    const winnerId = Number(await card.locator('.record', { hasText: 'drawn (winner)' })
                                      .getAttribute('data-id'));
    assert.ok(before.id.includes(winnerId) && !before.id.includes(loserId));
    await loser.locator('button.keep').click();
    await waitForStatus(page, loserId, 'drawn (winner)');
    await rebuildAndWait(page);
    const after = activities();
    assert.equal(after.count, 20);
    assert.ok(after.id.includes(loserId), 'the chosen record is drawn and counted');
    assert.ok(!after.id.includes(winnerId), 'the other one is left out');

    // The activity list shows the change too, filtered to what is left out.
    await page.click('#tab-activities');
    await page.selectOption('select[name="excluded"]', '1');
    await page.click('#filter button[type="submit"]');
    await page.waitForFunction(() => /^3 activities match/.test(
      document.getElementById('activities-summary').textContent));
    assert.equal(await page.locator('#activities tbody tr').count(), 3);
    assert.equal(await page.locator('#activities tr[data-id="' + winnerId + '"]').count(), 1);

    await page.click('#tab-pairs');
    await page.click('#undo');
    await waitForStatus(page, loserId, 'left out');
    await rebuildAndWait(page);
    const undone = activities();
    assert.ok(undone.id.includes(winnerId) && !undone.id.includes(loserId));

    await page.screenshot({ path: path.join(fx.WORK, 'admin.png'), fullPage: true });
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});
