// trackheat admin page: matched pairs and every activity, with the user's decisions.
// Talks to the JSON API under /api/ (src/admin/admin_api.hpp) with the per-run token the server
// put in the page. User text (names, ids) only ever goes into the DOM through textContent.
(function () {
  'use strict';

  const token = document.querySelector('meta[name="trackheat-token"]').content;
  const PAGE = 20;
  const ACT_PAGE = 100;
  const $ = (id) => document.getElementById(id);

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else node.setAttribute(k, v);
    }
    for (const c of children || []) if (c) node.appendChild(c);
    return node;
  }

  function showError(text) {
    const m = $('message');
    m.textContent = text;
    m.hidden = !text;
  }

  async function api(method, path, body) {
    const init = { method, headers: { 'X-Trackheat-Token': token } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    let data;
    try { data = await res.json(); } catch { data = null; }
    if (!res.ok) throw new Error((data && data.error) || ('HTTP ' + res.status));
    return data;
  }

  // --- formatting -------------------------------------------------------------------------
  const km = (m) => (m == null ? '–' : (m / 1000).toFixed(2) + ' km');
  function duration(s) {
    if (s == null) return '–';
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = Math.round(s % 60);
    return h + ':' + String(m).padStart(2, '0') + ':' + String(sec).padStart(2, '0');
  }
  const when = (iso) => (iso ? iso.replace('T', ' ').replace('Z', ' UTC') : 'unknown');
  const yesNo = (b) => (b ? 'yes' : 'no');
  const sourceName = (s) => ({ strava: 'Strava', intervals: 'intervals.icu', file: 'file' }[s] || s);

  // --- the small map: both tracks in one equirectangular box ------------------------------
  const SVG = 'http://www.w3.org/2000/svg';
  function trackMap(a, b) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'map');
    svg.setAttribute('viewBox', '0 0 180 140');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'both tracks: orange ' + sourceName(a.source) + ', blue ' +
                     sourceName(b.source));
    // A null in a track breaks its line (privacy zones cut tracks into runs).
    const all = a.track.concat(b.track).filter((p) => p !== null);
    if (all.length === 0) {
      const t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', '90'); t.setAttribute('y', '74'); t.setAttribute('fill', '#9aa3b2');
      t.setAttribute('text-anchor', 'middle');
      t.textContent = 'no GPS';
      svg.appendChild(t);
      return svg;
    }
    let minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
    for (const [lat, lon] of all) {
      minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
      minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
    }
    const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    const w = Math.max((maxLon - minLon) * k, 1e-6), h = Math.max(maxLat - minLat, 1e-6);
    const scale = Math.min(170 / w, 130 / h);
    const ox = (180 - w * scale) / 2, oy = (140 - h * scale) / 2;
    const xy = ([lat, lon]) =>
      (ox + (lon - minLon) * k * scale).toFixed(1) + ',' + (oy + (maxLat - lat) * scale).toFixed(1);
    for (const [rec, color, width] of [[a, '#f28c28', 3], [b, '#3fb6e8', 1.5]]) {
      const runs = [[]];
      for (const p of rec.track) {
        if (p === null) runs.push([]);
        else runs[runs.length - 1].push(p);
      }
      for (const run of runs) {
        if (run.length === 0) continue;
        const line = document.createElementNS(SVG, 'polyline');
        line.setAttribute('points', run.map(xy).join(' '));
        line.setAttribute('fill', 'none');
        line.setAttribute('stroke', color);
        line.setAttribute('stroke-width', String(width));
        line.setAttribute('stroke-linejoin', 'round');
        svg.appendChild(line);
      }
    }
    return svg;
  }

  // --- pairs -------------------------------------------------------------------------------
  let pairsShown = 0;

  function recordBlock(rec, side, pair) {
    const status = !pair.merged ? 'kept apart'
                 : pair.winner_id === rec.id ? 'drawn (winner)' : 'left out';
    const statusClass = pair.merged && pair.winner_id !== rec.id ? 'status-out' : 'status-winner';
    const rows = [['Source', sourceName(rec.source) + ' ' + rec.source_id], ['Name', rec.name],
                  ['Sport', rec.sport], ['Start', when(rec.start)], ['Distance', km(rec.distance_m)],
                  ['Moving', duration(rec.moving_s)], ['Points', String(rec.points)],
                  ['Heart rate', yesNo(rec.has_heart_rate)], ['Altitude', yesNo(rec.has_altitude)]];
    const dl = el('dl');
    for (const [k, v] of rows) { dl.appendChild(el('dt', { text: k })); dl.appendChild(el('dd', { text: v })); }
    const keep = el('button', {
      type: 'button', class: 'keep', text: 'Keep this one',
      on: { click: () => decide({ action: 'winner', winner: rec.id,
                                  loser: side === 'a' ? pair.b.id : pair.a.id }) } });
    if (pair.merged && pair.winner_id === rec.id) keep.disabled = true;
    return el('div', { class: 'record ' + side, 'data-id': String(rec.id) }, [
      el('div', { class: statusClass, text: status }), dl, keep]);
  }

  function pairCard(pair) {
    const actions = [el('button', { type: 'button', class: 'distinct', text: 'Not the same activity',
                                    on: { click: () => decide({ action: 'distinct', a: pair.a.id, b: pair.b.id }) } })];
    if (pair.decision) {
      actions.push(el('button', { type: 'button', class: 'undo-pair', text: 'Undo my choice',
                                  on: { click: () => undo(pair.decision.id) } }));
    }
    if (!pair.merged) actions[0].disabled = true;
    return el('article', { class: 'pair pair-' + pair.kind }, [
      el('div', { class: 'pair-head' }, [
        el('span', { class: 'kind kind-' + pair.kind, text: pair.kind }),
        el('span', { class: 'reason', text: pair.reason })]),
      el('div', { class: 'pair-body' }, [recordBlock(pair.a, 'a', pair), recordBlock(pair.b, 'b', pair),
                                         trackMap(pair.a, pair.b)]),
      el('div', { class: 'pair-actions' }, actions)]);
  }

  async function loadPairs(append) {
    const offset = append ? pairsShown : 0;
    const data = await api('GET', '/api/pairs?offset=' + offset + '&limit=' + PAGE);
    const box = $('pairs');
    if (!append) { box.replaceChildren(); pairsShown = 0; }
    for (const p of data.pairs) box.appendChild(pairCard(p));
    pairsShown += data.pairs.length;
    $('pairs-summary').textContent = data.total === 0 ? 'No duplicates found.'
      : data.total + ' matched pair' + (data.total === 1 ? '' : 's') + ', showing ' + pairsShown + '.';
    $('pairs-more').hidden = pairsShown >= data.total;
  }

  // --- activities ----------------------------------------------------------------------------
  let actShown = 0;

  function activityQuery(offset) {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData($('filter'))) if (v !== '') params.set(k, v);
    params.set('offset', String(offset));
    params.set('limit', String(ACT_PAGE));
    return '/api/activities?' + params.toString();
  }

  function activityRow(a) {
    const out = a.excluded;
    const toggle = el('button', {
      type: 'button', class: out ? 'include' : 'exclude', text: out ? 'Include' : 'Exclude',
      on: { click: () => decide({ action: out ? 'include' : 'exclude', id: a.id }) } });
    return el('tr', { 'data-id': String(a.id) }, [
      el('td', { text: when(a.start) }), el('td', { class: 'name', text: a.name }),
      el('td', { text: sourceName(a.source) }), el('td', { text: a.sport }),
      el('td', { text: a.distance_m == null ? '–' : (a.distance_m / 1000).toFixed(1) }),
      el('td', { class: out ? 'status-out' : '', text: out ? 'left out: ' + a.excluded_reason : 'on the map' }),
      el('td', {}, [toggle])]);
  }

  async function loadActivities(append) {
    const offset = append ? actShown : 0;
    const data = await api('GET', activityQuery(offset));
    const body = $('activities').tBodies[0];
    if (!append) { body.replaceChildren(); actShown = 0; }
    for (const a of data.activities) body.appendChild(activityRow(a));
    actShown += data.activities.length;
    $('activities-summary').textContent = data.total + ' activit' + (data.total === 1 ? 'y' : 'ies') +
      ' match, showing ' + actShown + '.';
    $('activities-more').hidden = actShown >= data.total;
  }

  // --- actions -------------------------------------------------------------------------------
  const refresh = () => Promise.all([loadPairs(false), loadActivities(false)]);

  async function run(fn) {
    try { showError(''); await fn(); } catch (e) { showError(e.message); }
  }
  const decide = (body) => run(async () => {
    await api('POST', '/api/decide', body);
    $('rebuild-status').textContent = 'Changed: rebuild to update the map.';
    await refresh();
  });
  const undo = (id) => run(async () => {
    const r = await api('POST', '/api/undo', id === undefined ? {} : { decision: id });
    $('rebuild-status').textContent = r.undone == null ? 'Nothing to undo.'
                                                       : 'Undone: rebuild to update the map.';
    await refresh();
  });

  function showStatus(s) {
    const text = s.state === 'running' ? 'Rebuilding: ' + s.phase + ' (' + Math.round(s.elapsed_s) + ' s)'
               : s.state === 'done' ? 'Map rebuilt in ' + Math.round(s.elapsed_s) + ' s. ' + s.result
               : s.state === 'failed' ? 'Rebuild failed: ' + s.error : '';
    $('rebuild-status').textContent = text;
    $('rebuild').disabled = s.state === 'running';
  }
  async function poll() {
    const s = await api('GET', '/api/rebuild');
    showStatus(s);
    if (s.state === 'running') setTimeout(() => run(poll), 500);
    else if (s.state === 'done') await refresh();
  }
  const rebuild = () => run(async () => { showStatus(await api('POST', '/api/rebuild', {})); await poll(); });

  function selectTab(name) {
    for (const t of ['pairs', 'activities']) {
      $('tab-' + t).setAttribute('aria-pressed', String(t === name));
      $(t + '-view').hidden = t !== name;
    }
  }

  $('tab-pairs').addEventListener('click', () => selectTab('pairs'));
  $('tab-activities').addEventListener('click', () => selectTab('activities'));
  $('undo').addEventListener('click', () => undo());
  $('rebuild').addEventListener('click', rebuild);
  $('pairs-more').addEventListener('click', () => run(() => loadPairs(true)));
  $('activities-more').addEventListener('click', () => run(() => loadActivities(true)));
  $('filter').addEventListener('submit', (e) => { e.preventDefault(); run(() => loadActivities(false)); });
  run(async () => { await refresh(); const s = await api('GET', '/api/rebuild'); showStatus(s); });
})();
