// trackheat viewer: the legend of the active layer, in user units, for the zoom on screen.
// Each zoom is normalised on its own, so the numbers come from the manifest's per-zoom lo/hi
// (the values at t = 0 and t = 1 of the colour ramp); tick values invert the layer's scale
// exactly as the renderer applies it (src/render/layers.cpp, scale_to_t).
(function (TH) {
  'use strict';

  const TICKS = [0, 0.5, 1];
  // Log scales work on the stored unit: seconds for "min" layers, counts otherwise.
  const STORAGE_PER_USER_UNIT = { min: 60 };

  // The manifest zoom whose scale the tiles on screen use: over-zoomed tiles are the deepest
  // native ones.
  function scaleZoom(layer, zoom, manifest) {
    let z = TH.format.clamp(Math.round(zoom), manifest.min_zoom, manifest.max_zoom);
    while (z > manifest.min_zoom && !layer.zooms[String(z)]) z -= 1;
    return layer.zooms[String(z)] ? z : null;
  }

  function valueAt(layer, scale, t) {
    const lo = scale.lo, hi = scale.hi;
    switch (layer.scale) {
      case 'log': {
        const f = STORAGE_PER_USER_UNIT[layer.units] || 1;
        const span = (hi - lo) * f;
        return lo + Math.expm1(t * Math.log1p(Math.max(0, span))) / f;
      }
      case 'diverging': return (2 * t - 1) * hi;
      case 'date': return hi - Math.pow(1 - t, 2) * (hi - lo);
      default: return lo + t * (hi - lo);
    }
  }

  function tickText(layer, v) {
    if (layer.scale === 'date') {
      // Day numbers count days since 1970 plus one.
      return isFinite(v) ? TH.format.isoFromDay(Math.round(v) - 1).slice(0, 7) : '–';
    }
    return TH.format.tick(v);
  }

  function gradient(layer) {
    const stops = layer.legend.map((s) => {
      const c = s.color;
      const r = parseInt(c.slice(1, 3), 16), g = parseInt(c.slice(3, 5), 16), b = parseInt(c.slice(5, 7), 16);
      const a = Math.max(0.15, s.opacity);
      return 'rgba(' + r + ',' + g + ',' + b + ',' + a.toFixed(3) + ') ' + (s.t * 100).toFixed(1) + '%';
    });
    return 'linear-gradient(to right, ' + stops.join(', ') + ')';
  }

  // A layer of categories (the explorer layers): one swatch per legend stop, its label under it.
  function renderCategories(elements, layer, zoom) {
    const n = layer.legend.length;
    elements.bar.style.background = 'linear-gradient(to right, ' + layer.legend.map((s, i) => {
      const c = s.color;
      const rgba = 'rgba(' + parseInt(c.slice(1, 3), 16) + ',' + parseInt(c.slice(3, 5), 16) + ',' +
                 parseInt(c.slice(5, 7), 16) + ',' + Math.max(0.15, s.opacity).toFixed(3) + ')';
      return rgba + ' ' + (i / n * 100).toFixed(1) + '%, ' + rgba + ' ' + ((i + 1) / n * 100).toFixed(1) + '%';
    }).join(', ') + ')';
    const ticks = elements.ticks;
    ticks.textContent = '';
    const texts = layer.legend.map((s) => {
      const span = document.createElement('span');
      span.textContent = s.label;
      ticks.appendChild(span);
      return s.label;
    });
    elements.caption.textContent = layer.units + ' · map tiles of zoom ' + TH.explorer.cellZoom(layer);
    elements.root.dataset.zoom = String(Math.round(zoom));
    elements.root.dataset.layer = layer.id;
    return texts;
  }

  // Fills the legend elements; returns the tick texts shown (tests read them from the page).
  function render(elements, layer, zoom, manifest) {
    if (layer.scale === 'categorical') return renderCategories(elements, layer, zoom);
    elements.bar.style.background = gradient(layer);
    const z = scaleZoom(layer, zoom, manifest);
    const ticks = elements.ticks;
    ticks.textContent = '';
    const texts = [];
    if (z === null) {
      elements.caption.textContent = layer.label + ': no data at this zoom';
      return texts;
    }
    const scale = layer.zooms[String(z)];
    TICKS.forEach((t) => {
      const span = document.createElement('span');
      span.textContent = tickText(layer, valueAt(layer, scale, t));
      texts.push(span.textContent);
      ticks.appendChild(span);
    });
    const units = layer.units === 'date' ? 'month of the latest visit' : layer.units;
    elements.caption.textContent = units + ' · scale of zoom ' + z + (layer.scale === 'log' ? ' · log' : '');
    elements.root.dataset.zoom = String(z);
    elements.root.dataset.layer = layer.id;
    return texts;
  }

  TH.legend = { render: render, valueAt: valueAt, scaleZoom: scaleZoom };
})(window.TH = window.TH || {});
