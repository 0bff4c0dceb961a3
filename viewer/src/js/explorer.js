// trackheat viewer: the explorer stats of the selection, per cell size (z14 explorer tiles, z17
// squadrats): cells visited, the side of the max square, the cells of the max cluster and the
// cells first visited within the filter's dates ("new").
//
// Where they come from: while the filter selects everything, the site manifest's "explorer"
// (every cell of the whole history is new then); for a filter, the live manifest of `trackheat
// serve` (live.js). From file:// a filter has no explorer stats: the page says so.
(function (TH) {
  'use strict';

  const ZOOMS = ['14', '17'];
  const STATS = ['visited', 'max_square', 'max_cluster', 'new'];

  // The site manifest's stats with "new" filled in: all of history is the date range.
  function fromSite(explorer) {
    if (!explorer) return null;
    const out = {};
    ZOOMS.forEach((z) => {
      const s = explorer[z];
      if (s) out[z] = { visited: s.visited, max_square: s.max_square, max_cluster: s.max_cluster, new: s.visited };
    });
    return out;
  }

  // Fills the table: `stats` per zoom (null: unknown, shown as `empty`, e.g. "–" or "…").
  function render(table, stats, empty) {
    ZOOMS.forEach((z) => {
      const row = table.querySelector('tr[data-zoom="' + z + '"]');
      if (!row) return;
      STATS.forEach((name) => {
        const cell = row.querySelector('td[data-stat="' + name + '"]');
        const v = stats && stats[z] ? stats[z][name] : undefined;
        if (typeof v === 'number' && isFinite(v)) {
          cell.textContent = v.toLocaleString('en-US');
          cell.dataset.value = String(v);
        } else {
          cell.textContent = empty;
          delete cell.dataset.value;
        }
      });
    });
  }

  // The cell zoom of an explorer layer ("explorer-14" → 14), null for other layers.
  function cellZoom(layer) {
    const m = layer && layer.family === 'explorer' ? /-(\d+)$/.exec(layer.id) : null;
    return m ? Number(m[1]) : null;
  }

  // `bounds` (the tracks' box) grown to whole cells of `zoom`: a visited cell reaches past the
  // tracks, and Leaflet asks for no tile outside a layer's bounds.
  function cellBounds(bounds, zoom) {
    if (!bounds) return bounds;
    const crs = L.CRS.EPSG3857;
    const nw = crs.latLngToPoint(bounds.getNorthWest(), zoom).divideBy(256).floor().multiplyBy(256);
    const se = crs.latLngToPoint(bounds.getSouthEast(), zoom).divideBy(256).ceil().multiplyBy(256);
    return L.latLngBounds(crs.pointToLatLng(nw, zoom), crs.pointToLatLng(se, zoom));
  }

  TH.explorer = { fromSite: fromSite, render: render, cellZoom: cellZoom, cellBounds: cellBounds };
})(window.TH = window.TH || {});
