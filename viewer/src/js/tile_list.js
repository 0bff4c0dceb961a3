// trackheat viewer: which heat tiles exist, from data/tiles.js, so the page never asks for a
// tile the build did not write (empty tiles are not written; asking would log a 404 or a
// file-not-found error for every empty square of the map).
//
// data/tiles.js: window.TRACKHEAT_TILES = {"version": 1, "layers": [ids...],
//   "zooms": {"<z>": [dx, dy, mask, dx, dy, mask, ...]}}
// Tiles of one zoom sorted by x, then y; dx is x minus the previous tile's x; dy is y minus the
// previous y when dx is 0, else y itself; bit i of mask says layer i has that tile.
(function (TH) {
  'use strict';

  function TileList(data) {
    this.known = !!(data && data.version === 1 && data.layers && data.zooms);
    this.bitOf = {};
    this.masks = {};  // "z/x/y" -> mask
    if (!this.known) return;
    const self = this;
    data.layers.forEach((id, i) => { self.bitOf[id] = i; });
    Object.keys(data.zooms).forEach((z) => {
      const list = data.zooms[z];
      let x = 0, y = 0;
      for (let i = 0; i + 2 < list.length; i += 3) {
        if (list[i] !== 0) { x += list[i]; y = list[i + 1]; } else { y += list[i + 1]; }
        self.masks[z + '/' + x + '/' + y] = list[i + 2];
      }
    });
  }

  // Whether the build wrote this tile; true for everything when the site has no tile list.
  TileList.prototype.has = function (layer, z, x, y) {
    if (!this.known) return true;
    const bit = this.bitOf[layer];
    const mask = this.masks[z + '/' + x + '/' + y];
    return bit !== undefined && mask !== undefined && Math.floor(mask / Math.pow(2, bit)) % 2 === 1;
  };

  // A Leaflet tile layer of one heat layer that leaves missing tiles blank without a request.
  function heatLayer(tileList, layerId, urlTemplate, options) {
    const HeatLayer = L.TileLayer.extend({
      createTile: function (coords, done) {
        if (tileList.has(layerId, coords.z, coords.x, coords.y)) {
          return L.TileLayer.prototype.createTile.call(this, coords, done);
        }
        const blank = document.createElement('div');
        setTimeout(() => { done(null, blank); }, 0);
        return blank;
      }
    });
    return new HeatLayer(urlTemplate.replace('{layer}', layerId), options);
  }

  TH.TileList = TileList;
  TH.heatLayer = heatLayer;
})(window.TH = window.TH || {});
