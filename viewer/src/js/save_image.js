// trackheat viewer: "Save image". Served only: asks `trackheat serve` for the view on screen as
// a poster (api/poster.png: the same drawing as `trackheat poster`) — the heat layer at twice the
// screen's resolution (one zoom deeper, twice the pixels each way, so it covers the same ground),
// its legend and a title made from the filter, on the base map's dark or light ground — and
// lets the browser download it. From file:// the button only says how to get it.
(function (TH) {
  'use strict';

  const $ = function (id) { return document.getElementById(id); };
  const MAX_SIDE = 8192;             // the server's caps (poster/poster_route.hpp)
  const MAX_PIXELS = 36 * 1024 * 1024;

  // "Frequency (log) · 2024-01-01 to 2024-12-31 · Ride, Run · 5–20 km" (only the narrowed parts;
  // "all activities" when nothing is).
  function titleFor(label, f, activities) {
    const parts = [];
    if (f.dayLo > activities.minDay || f.dayHi < activities.maxDay) {
      parts.push(TH.format.isoFromDay(f.dayLo) + ' to ' + TH.format.isoFromDay(f.dayHi));
    }
    if (f.sports.length < activities.sports.length) parts.push(f.sports.join(', ') || 'no sport');
    if (f.kmLo > 0 || f.kmHi < activities.kmExtent) {
      parts.push(f.kmHi < activities.kmExtent ? f.kmLo + '–' + f.kmHi + ' km' : 'from ' + f.kmLo + ' km');
    }
    if (parts.length === 0) parts.push('all activities');
    return [label].concat(parts).join(' · ');
  }

  // The poster's query for the map on screen: zoom one deeper at twice the pixels (the same
  // zoom at the same pixels when twice would pass the server's caps).
  function posterQuery(map, o) {
    const size = map.getSize();
    let scale = 2;
    if (size.x * 2 > MAX_SIDE || size.y * 2 > MAX_SIDE || size.x * size.y * 4 > MAX_PIXELS) scale = 1;
    const z = TH.format.clamp(Math.round(map.getZoom()) + (scale === 2 ? 1 : 0), o.zoomRange[0], o.zoomRange[1]);
    const c = map.getCenter();
    const lon = ((c.lng + 180) % 360 + 360) % 360 - 180;  // a world copy's longitude
    const layer = o.layer();
    const parts = ['layer=' + encodeURIComponent(layer.id), 'size=' + size.x * scale + 'x' + size.y * scale,
                 'center=' + c.lat.toFixed(6) + ',' + lon.toFixed(6), 'z=' + z,
                 'background=' + o.background(), 'legend=1',
                 'title=' + encodeURIComponent(titleFor(layer.label, o.filter(), o.activities))];
    const filter = o.filterQuery();
    if (filter) parts.push(filter);
    return { query: parts.join('&'), layer: layer.id, zoom: z };
  }

  // opts: served, zoomRange [min, max] of the site, activities (TH.Activities), layer() the
  // layer on screen ({id, label}), filter() the filter, filterQuery() its live query,
  // background() 'dark' or 'light' (the base map's theme).
  function SaveImage(map, opts) {
    this.map = map;
    this.opts = opts;
    this.button = $('save-image');
    this.note = $('save-note');
    this.busy = false;
    const self = this;
    this.button.addEventListener('click', () => { self.save(); });
  }

  SaveImage.prototype.say = function (text) {
    this.note.textContent = text;
    this.note.hidden = !text;
  };

  SaveImage.prototype.save = function () {
    if (!this.opts.served) {
      this.say('Run trackheat serve to save the map as an image.');
      return;
    }
    if (this.busy) return;
    const self = this, p = posterQuery(this.map, this.opts);
    this.busy = true;
    this.button.disabled = true;
    this.say('Drawing the image…');
    fetch('api/poster.png?' + p.query, { credentials: 'same-origin' }).then((res) => {
      if (res.status !== 200) {
        return res.text().then((text) => {
          throw new Error(String(text || res.statusText).split('\n')[0].slice(0, 200) || 'HTTP ' + res.status);
        });
      }
      return res.blob();
    }).then((blob) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'trackheat-' + p.layer + '-z' + p.zoom + '.png';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => { URL.revokeObjectURL(a.href); }, 10000);
      self.say('');
    }).catch((e) => {
      self.say('Could not save the image: ' + String(e && e.message || e));
    }).then(() => {
      self.busy = false;
      self.button.disabled = false;
    });
  };

  TH.SaveImage = SaveImage;
  TH.saveImage = { titleFor: titleFor, posterQuery: posterQuery };
})(window.TH = window.TH || {});
