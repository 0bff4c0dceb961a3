// trackheat viewer: the live routes of `trackheat serve`, which draw the heatmap of a filter.
//
// The page uses them when it is served (http or https) and `live/manifest.json` answers (200, or
// 503 while the server still loads its index); from file:// or a plain file server nothing here
// sends a request and the heatmap shows the pre-rendered tiles of all activities.
//   live/manifest.json?<filter>            per-layer, per-zoom lo/hi of the filter's tiles
//   live/<layer>/<z>/<x>/<y>.png?<filter>  a tile (204: nothing of the filter drawn there)
//   api/here?lat=&lon=&z=&r=&<filter>      the activities drawn near a point
//   api/track/<id>?z=                       one track as drawn at a zoom
// <filter> is after, before, min_km, max_km, sport, in that order, each only when that part of
// the filter narrows the full extent (the rule url_state.js follows for the hash).
(function (TH) {
  'use strict';

  const RETRIES = 60;  // 503 answers (index loading) retried this many times, Retry-After apart

  // The query string of a filter ("" when it selects everything), without a leading "?".
  function query(f, activities) {
    const parts = [];
    if (f.dayLo > activities.minDay || f.dayHi < activities.maxDay) {
      parts.push('after=' + TH.format.isoFromDay(f.dayLo), 'before=' + TH.format.isoFromDay(f.dayHi));
    }
    if (f.kmLo > 0) parts.push('min_km=' + f.kmLo);
    if (f.kmHi < activities.kmExtent) parts.push('max_km=' + f.kmHi);
    if (f.sports.length < activities.sports.length) {
      parts.push('sport=' + f.sports.map(encodeURIComponent).join(','));
    }
    return parts.join('&');
  }

  // GET url as JSON: done(null, value) on 200, done(message) otherwise. 503 is retried after
  // Retry-After (1 s when absent) while stillWanted() says the answer is still needed; an answer
  // nobody wants any more calls nothing.
  function getJson(url, stillWanted, done, attempt) {
    attempt = attempt || 0;
    fetch(url, { credentials: 'same-origin' }).then((res) => {
      if (!stillWanted()) return null;
      if (res.status === 503 && attempt < RETRIES) {
        const wait = Number(res.headers.get('Retry-After'));
        setTimeout(() => {
          if (stillWanted()) getJson(url, stillWanted, done, attempt + 1);
        }, (isFinite(wait) && wait > 0 ? Math.min(wait, 10) : 1) * 1000);
        return null;
      }
      if (res.status !== 200) {
        return res.text().then((text) => {
          if (stillWanted()) done(String(text || res.statusText).split('\n')[0].slice(0, 200) || 'HTTP ' + res.status);
        });
      }
      return res.json().then((value) => {
        if (stillWanted()) done(null, value);
      });
    }).catch((e) => {
      if (stillWanted()) done(String(e && e.message || e));
    });
  }

  // Calls done(true) when the page is served by a `trackheat serve` with live routes.
  function detect(done) {
    if (!/^https?:$/.test(location.protocol) || !window.fetch) { done(false); return; }
    fetch('live/manifest.json', { credentials: 'same-origin' }).then((res) => {
      done(res.status === 200 || res.status === 503);
    }).catch(() => { done(false); });
  }

  // A copy of the site manifest whose layers carry the live manifest's per-zoom scales (a layer
  // or zoom the live manifest leaves out has nothing of the filter drawn). Labels, legends,
  // scales and units stay the site's.
  function mergeManifest(site, live) {
    const zooms = {};
    (live && Array.isArray(live.layers) ? live.layers : []).forEach((l) => {
      if (l && typeof l.id === 'string' && l.zooms && typeof l.zooms === 'object') zooms[l.id] = l.zooms;
    });
    const out = {};
    Object.keys(site).forEach((k) => { out[k] = site[k]; });
    out.layers = site.layers.map((layer) => {
      const copy = {};
      Object.keys(layer).forEach((k) => { copy[k] = layer[k]; });
      copy.zooms = zooms[layer.id] || {};
      return copy;
    });
    return out;
  }

  // A Leaflet tile layer of live tiles. A 204 (nothing drawn) or failed tile is an <img> that
  // did not decode: it is marked `heat-empty` and hidden, never a broken-image icon.
  let LiveLayer = null;
  function liveLayer(layerId, filterQuery, options) {
    LiveLayer = LiveLayer || L.TileLayer.extend({
      _tileOnError: function (done, tile, e) {
        tile.classList.add('heat-empty');
        done(e, tile);
      }
    });
    const url = 'live/' + encodeURIComponent(layerId) + '/{z}/{x}/{y}.png' + (filterQuery ? '?' + filterQuery : '');
    return new LiveLayer(url, options);
  }

  TH.live = { query: query, getJson: getJson, detect: detect, mergeManifest: mergeManifest,
              liveLayer: liveLayer };
})(window.TH = window.TH || {});
