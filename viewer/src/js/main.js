// trackheat viewer: wires the map, the pickers, the legend, the filter and the stats together.
// Reads window.TRACKHEAT_MANIFEST, TRACKHEAT_ACTIVITIES, TRACKHEAT_TILES and
// TRACKHEAT_BASEMAP_KEYS (the data/*.js scripts `trackheat build` writes). While a build
// publishes the site, data/manifest.js sets TRACKHEAT_SITE_UPDATING instead and is rewritten
// last; the page then shows a notice, never a map mixing two builds (src/site/site_journal.hpp).
(function (TH) {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const FAMILIES = [['frequency', 'Frequency'], ['pace', 'Pace'], ['heart-rate', 'Heart rate'],
                    ['elevation', 'Elevation'], ['time', 'Time'], ['explorer', 'Explorer']];
  const MAX_ZOOM = 20;  // street level and a little beyond; heat tiles over-zoom past max_zoom

  function fillLayerSelect(select, layers) {
    const known = {};
    FAMILIES.forEach((fam) => {
      const group = document.createElement('optgroup');
      group.label = fam[1];
      layers.forEach((layer) => {
        if (layer.family !== fam[0]) return;
        known[layer.id] = true;
        group.appendChild(new Option(layer.label, layer.id));
      });
      if (group.children.length) select.appendChild(group);
    });
    const other = layers.filter((l) => { return !known[l.id]; });
    if (other.length) {
      const group = document.createElement('optgroup');
      group.label = 'Other';
      other.forEach((l) => { group.appendChild(new Option(l.label, l.id)); });
      select.appendChild(group);
    }
  }

  function showUpdating() {
    const note = document.createElement('p');
    note.className = 'site-notice';
    note.setAttribute('role', 'alert');
    note.textContent = 'This map is being updated (or an update was interrupted): reload in a ' +
        'moment, or run trackheat build / trackheat serve to finish it.';
    document.body.appendChild(note);
    $('panel').hidden = true;
    $('panel-toggle').hidden = true;
    document.body.dataset.siteUpdating = 'true';
  }

  // Loads data/manifest.js once more, after the other data scripts ran: the data files change
  // only while data/manifest.js is the "updating" marker, so the same manifest before and after
  // them means they all belong to its build. done(false): a build was published meanwhile.
  function sameManifestAgain(first, done) {
    const firstText = JSON.stringify(first);
    const script = document.createElement('script');
    function finish(same) {
      window.TRACKHEAT_MANIFEST = first;
      window.TRACKHEAT_SITE_UPDATING = undefined;
      script.remove();
      done(same);
    }
    window.TRACKHEAT_MANIFEST = undefined;
    script.onload = function () {
      finish(!window.TRACKHEAT_SITE_UPDATING &&
             JSON.stringify(window.TRACKHEAT_MANIFEST) === firstText);
    };
    script.onerror = function () { finish(false); };
    script.src = 'data/manifest.js?again=' + Date.now();  // not the copy the page already has
    document.head.appendChild(script);
  }

  function start() {
    const manifest = window.TRACKHEAT_MANIFEST;
    if (window.TRACKHEAT_SITE_UPDATING) {
      showUpdating();
      return;
    }
    if (!manifest || !manifest.layers || !manifest.layers.length) {
      $('map').textContent = 'No heatmap here yet: run "trackheat build" to write this site.';
      return;
    }
    // Both checks run at once; the map starts when both have answered.
    let same = null, served = null;
    function both() {
      if (same === null || served === null) return;
      if (same) showMap(manifest, served); else showUpdating();
    }
    sameManifestAgain(manifest, (s) => { same = s; both(); });
    TH.live.detect((s) => { served = s; both(); });
  }

  // served: `trackheat serve` answers the live routes (live.js), so the heatmap follows the
  // filter and a click lists what passed there.
  function showMap(manifest, served) {
    const activities = new TH.Activities(window.TRACKHEAT_ACTIVITIES);
    const tileList = new TH.TileList(window.TRACKHEAT_TILES);
    const basemaps = TH.basemaps.available(window.TRACKHEAT_BASEMAP_KEYS);
    const layersById = {};
    manifest.layers.forEach((l) => { layersById[l.id] = l; });
    // saveHash()'s state, declared first: the filter panel saves the hash as soon as it is set.
    let hashTimer = null;
    let writtenHash = null;  // what saveHash() last wrote: hashchange events for it are ours
    const initial = TH.urlState.parse(location.hash);

    const map = L.map('map', { minZoom: manifest.min_zoom, maxZoom: MAX_ZOOM, zoomSnap: 1,
                               worldCopyJump: true, keyboard: true, zoomControl: false });
    L.control.zoom({ position: 'topright' }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    const b = manifest.bounds;
    if (initial.view) {
      map.setView([initial.view.lat, initial.view.lon], TH.format.clamp(initial.view.zoom, manifest.min_zoom, MAX_ZOOM));
    } else if (b && b.length === 4) {
      // On wide screens the panel covers the left 320 px: fit the data into the rest.
      const wide = !window.matchMedia('(max-width: 640px)').matches;
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]],
                    { paddingTopLeft: [wide ? 330 : 24, 24], paddingBottomRight: [24, 24] });
    } else {
      map.setView([0, 0], manifest.min_zoom);
    }
    map.createPane('heat');
    map.getPane('heat').style.zIndex = 350;

    const state = { basemap: null, layer: null };
    let baseLayer = null;

    // Base maps --------------------------------------------------------------------------
    const baseSelect = $('basemap-select');
    basemaps.forEach((bm) => { baseSelect.appendChild(new Option(bm.label, bm.id)); });
    function chooseBasemap(id) {
      const bm = basemaps.filter((x) => { return x.id === id; })[0] ||
               basemaps.filter((x) => { return x.id === TH.basemaps.defaultId; })[0];
      if (baseLayer) map.removeLayer(baseLayer);
      baseLayer = TH.basemaps.makeLayer(bm, MAX_ZOOM);
      if (baseLayer) baseLayer.addTo(map);
      state.basemap = bm.id;
      baseSelect.value = bm.id;
      document.body.dataset.theme = bm.theme;
      document.body.dataset.basemap = bm.id;
    }

    // Heat layers and legend ---------------------------------------------------------------
    const layerSelect = $('layer-select');
    fillLayerSelect(layerSelect, manifest.layers);
    const legendEls = { root: $('legend'), bar: $('legend-bar'), ticks: $('legend-ticks'),
                        caption: $('legend-caption') };
    // The manifest the legend reads: the site's, or for a filtered live heatmap a copy with the
    // live manifest's scales.
    let legendManifest = manifest;
    function updateLegend() {
      const layer = legendManifest.layers.filter((l) => { return l.id === state.layer; })[0];
      TH.legend.render(legendEls, layer, map.getZoom(), legendManifest);
    }
    // What the heatmap shows: heat.query is the live filter query of the tiles on screen ("":
    // the pre-rendered tiles of all activities, null: nothing yet). For a new filter the new tile
    // layer is added over the one on screen, which is removed once the new one has loaded (no
    // flash to empty); another layer (`at once`) replaces the old one at once, as its colours
    // mean something else.
    const heat = { query: null, shown: null, pending: null, onLoad: null };
    const prerendered = {};
    const heatBounds = b && b.length === 4 ? L.latLngBounds([[b[1], b[0]], [b[3], b[2]]]).pad(0.01) : undefined;
    const heatOptions = {
      pane: 'heat', minZoom: manifest.min_zoom, maxZoom: MAX_ZOOM,
      maxNativeZoom: manifest.max_zoom, minNativeZoom: manifest.min_zoom, bounds: heatBounds,
      tileSize: manifest.tile_size || 256, className: 'heat-tiles', keepBuffer: 2
    };
    function dropPending() {
      if (!heat.pending) return;
      heat.pending.off('load', heat.onLoad);
      map.removeLayer(heat.pending);
      heat.pending = heat.onLoad = null;
    }
    // An explorer layer's tiles reach to the edges of the cells around the tracks.
    function layerOptions(id) {
      const cz = TH.explorer.cellZoom(layersById[id]);
      if (cz === null) return heatOptions;
      const o = {};
      Object.keys(heatOptions).forEach((k) => { o[k] = heatOptions[k]; });
      o.bounds = TH.explorer.cellBounds(heatBounds, cz);
      return o;
    }
    function showHeat(query, atOnce) {
      heat.query = query;
      let next;
      if (query) {
        next = TH.live.liveLayer(state.layer, query, layerOptions(state.layer));
      } else {
        if (!prerendered[state.layer]) {
          prerendered[state.layer] = TH.heatLayer(tileList, state.layer, manifest.tiles_url, layerOptions(state.layer));
        }
        next = prerendered[state.layer];
      }
      dropPending();
      if (next === heat.shown) return;
      if (atOnce && heat.shown) map.removeLayer(heat.shown);
      if (atOnce || !heat.shown) { heat.shown = next.addTo(map); return; }
      heat.pending = next;
      heat.onLoad = function () {
        next.off('load', heat.onLoad);
        const old = heat.shown;
        heat.shown = next;
        heat.pending = heat.onLoad = null;
        // After the new tiles' fade-in (0.2 s), unless the old layer is wanted again by then.
        setTimeout(() => {
          if (old !== heat.shown && old !== heat.pending) map.removeLayer(old);
        }, 300);
      };
      next.on('load', heat.onLoad);
      next.addTo(map);
      if (!next.isLoading()) heat.onLoad();  // no tile to load in this view
    }
    function chooseLayer(id) {
      const layer = layersById[id] || manifest.layers[0];
      state.layer = layer.id;
      layerSelect.value = layer.id;
      $('layer-description').textContent = layer.description || '';
      if (heat.query !== null) showHeat(heat.query, true);
      updateLegend();
    }

    // The heatmap follows the filter (served only): ~250 ms after the last change the live
    // manifest of the new filter is fetched; only the latest answer is applied, then the legend
    // and the tiles change together.
    const liveNote = $('live-note');
    let liveSeq = 0, liveTimer = null;
    function filterQuery() { return served ? TH.live.query(state.filter, activities) : ''; }
    function followFilter(now) {
      if (!served) return;
      clearTimeout(liveTimer);
      liveTimer = setTimeout(() => {
        const query = filterQuery();
        const seq = ++liveSeq;
        if (!query) {
          liveNote.hidden = true;
          legendManifest = manifest;
          if (heat.query !== '') showHeat('');
          updateLegend();
          return;
        }
        if (query === heat.query) return;
        TH.live.getJson('live/manifest.json?' + query, () => { return seq === liveSeq; },
                        (err, live) => {
          if (err) {
            liveExplorer = { query: query, stats: null };
            showExplorer();
            liveNote.textContent = 'The heatmap could not follow the filter: ' + err;
            liveNote.hidden = false;
            if (heat.query === null) showHeat('');
            return;
          }
          liveNote.hidden = true;
          liveExplorer = { query: query, stats: live.explorer || null };
          showExplorer();
          legendManifest = TH.live.mergeManifest(manifest, live);
          showHeat(query);
          updateLegend();
        });
      }, now ? 0 : 250);
    }

    // Filter and stats ---------------------------------------------------------------------
    const statEls = { count: $('stat-count'), distance: $('stat-distance'), moving: $('stat-moving'),
                      ascent: $('stat-ascent') };
    // Explorer stats: the site's while the filter selects everything, else the live manifest's
    // of the filter (served; "…" until it arrives), else none (file://).
    const explorerTable = $('explorer-stats'), explorerNote = $('explorer-note');
    let liveExplorer = { query: null, stats: null };
    const showExplorer = () => {
      const query = TH.live.query(state.filter, activities);
      explorerNote.hidden = !query || served;
      if (!query) TH.explorer.render(explorerTable, TH.explorer.fromSite(manifest.explorer), '–');
      else if (!served) TH.explorer.render(explorerTable, null, '–');
      else if (liveExplorer.query === query) TH.explorer.render(explorerTable, liveExplorer.stats, '–');
      else TH.explorer.render(explorerTable, null, '…');
    };
    let pendingStats = false;
    function showStats() {
      pendingStats = false;
      const t = activities.totals(state.filter);
      statEls.count.textContent = String(t.count);
      statEls.count.dataset.value = String(t.count);
      statEls.distance.textContent = TH.format.km(t.distance_m);
      statEls.distance.dataset.value = String(t.distance_m);
      statEls.moving.textContent = TH.format.duration(t.moving_s);
      statEls.moving.dataset.value = String(t.moving_s);
      statEls.ascent.textContent = TH.format.metres(t.ascent_m);
      statEls.ascent.dataset.value = String(t.ascent_m);
      showExplorer();
    }
    const panel = new TH.FilterPanel(activities, (f) => {
      state.filter = f;
      if (!pendingStats) { pendingStats = true; requestAnimationFrame(showStats); }
      followFilter(false);
      saveHash();
    });
    // The filter a parsed hash asks for; parts it leaves out select everything.
    function filterFrom(parsed) {
      const f = activities.fullFilter();
      if (parsed.days) { f.dayLo = parsed.days[0]; f.dayHi = parsed.days[1]; }
      if (parsed.km) { f.kmLo = parsed.km[0]; f.kmHi = parsed.km[1]; }
      if (parsed.sports) {
        f.sports = parsed.sports.filter((s) => { return activities.sports.indexOf(s) >= 0; });
      }
      return f;
    }
    panel.apply(filterFrom(initial));
    state.filter = panel.filter();
    showStats();

    // URL hash: written at most every 250 ms, replacing the history entry.
    function saveHash() {
      if (hashTimer) return;
      hashTimer = setTimeout(() => {
        hashTimer = null;
        const hash = TH.urlState.serialise({ basemap: state.basemap, layer: state.layer,
                                             zoom: map.getZoom(), center: map.getCenter(),
                                             filter: state.filter }, activities);
        if (hash !== location.hash) history.replaceState(null, '', hash);
        writtenHash = location.hash;
      }, 250);
    }

    chooseBasemap(initial.basemap || TH.basemaps.defaultId);
    // Log frequency keeps rarely used routes visible: the most telling first view.
    chooseLayer(initial.layer || (layersById['frequency-log'] ? 'frequency-log' : manifest.layers[0].id));
    // A filtered link opens on the live heatmap of its filter, without the full one first.
    if (filterQuery()) followFilter(true); else showHeat('');
    baseSelect.addEventListener('change', () => { chooseBasemap(baseSelect.value); saveHash(); });
    layerSelect.addEventListener('change', () => { chooseLayer(layerSelect.value); saveHash(); });
    map.on('zoomend', updateLegend);
    map.on('moveend', saveHash);
    saveHash();
    // A link pasted into this tab (or edited by hand) changes only the hash: show its state.
    window.addEventListener('hashchange', () => {
      if (location.hash === writtenHash) return;
      const parsed = TH.urlState.parse(location.hash);
      if (parsed.basemap) chooseBasemap(parsed.basemap);
      if (parsed.layer) chooseLayer(parsed.layer);
      if (parsed.view) {
        map.setView([parsed.view.lat, parsed.view.lon],
                    TH.format.clamp(parsed.view.zoom, manifest.min_zoom, MAX_ZOOM), { animate: false });
      }
      panel.apply(filterFrom(parsed));
      state.filter = panel.filter();
      showStats();
      followFilter(false);
      saveHash();
    });

    // Page chrome ----------------------------------------------------------------------------
    if (!served) $('file-note').hidden = false;
    $('build-info').textContent = manifest.activity_count + ' activities · built ' +
        String(manifest.build_time || '').slice(0, 10);
    const panelEl = $('panel'), toggle = $('panel-toggle');
    function showPanel(open) {
      panelEl.classList.toggle('closed', !open);
      toggle.setAttribute('aria-expanded', String(open));
      toggle.hidden = open;
      if (open) $('panel-close').focus(); else toggle.focus();
    }
    toggle.addEventListener('click', () => { showPanel(true); });
    $('panel-close').addEventListener('click', () => { showPanel(false); });
    panelEl.addEventListener('keydown', (e) => { if (e.key === 'Escape') showPanel(false); });
    if (window.matchMedia('(max-width: 640px)').matches) {
      panelEl.classList.add('closed');
      toggle.setAttribute('aria-expanded', 'false');
    } else {
      toggle.hidden = true;
    }
    const zoomRange = [manifest.min_zoom, manifest.max_zoom];
    const here = new TH.HerePanel(map, { served: served, zoomRange: zoomRange, filterQuery: filterQuery,
                                         padding: function () {
      const wide = !window.matchMedia('(max-width: 640px)').matches;
      const hereBox = $('here').getBoundingClientRect();
      const left = wide && !panelEl.classList.contains('closed') ? 330 : 24;
      return wide ? { paddingTopLeft: [left, 24], paddingBottomRight: [hereBox.width + 34, 24] }
                  : { paddingTopLeft: [24, hereBox.bottom + 12], paddingBottomRight: [24, 24] };
    } });
    const saveImage = new TH.SaveImage(map, {
      served: served, zoomRange: zoomRange, activities: activities, filterQuery: filterQuery,
      layer: function () { return layersById[state.layer]; },
      filter: function () { return state.filter; },
      background: function () {
        const bm = basemaps.filter((x) => { return x.id === state.basemap; })[0];
        return bm && bm.theme === 'light' ? 'light' : 'dark';
      }
    });
    TH.app = { map: map, state: state, heat: heat, here: here, saveImage: saveImage };
    document.body.dataset.ready = 'true';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window.TH = window.TH || {});
