// trackheat viewer: "What passed here?". A click or tap on the map (or Enter while the map has
// keyboard focus: its centre) asks `trackheat serve` which activities of the filter are drawn
// within a few pixels there (api/here) and lists them, newest first; choosing one draws its
// track (api/track/<id>) above the heat and fits the map to it. Escape or the close button
// clears both. Without the live routes (file://) a click only says how to get them.
(function (TH) {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const RADIUS_PX = 3;
  const BRIEF_MS = 2500;     // how long "Nothing passed here" stays
  const DBLCLICK_MS = 250;   // a click waits this long: the first click of a double click zooms only

  function finite(v) { return typeof v === 'number' && isFinite(v); }

  // The runs of a track answer as Leaflet lat/lon arrays, dropping malformed points.
  function cleanRuns(runs) {
    if (!Array.isArray(runs)) return [];
    return runs.map((run) => {
      return (Array.isArray(run) ? run : []).filter((p) => {
        return Array.isArray(p) && finite(p[0]) && finite(p[1]) && Math.abs(p[0]) <= 90 && Math.abs(p[1]) <= 540;
      }).map((p) => { return [p[0], p[1]]; });
    }).filter((run) => { return run.length > 0; });
  }

  // opts: served (the live routes answer), zoomRange [min, max] of the site, filterQuery() the
  // current filter's query string, padding() the fitBounds padding options for a track.
  function HerePanel(map, opts) {
    this.map = map;
    this.opts = opts;
    this.root = $('here');
    this.heading = $('here-heading');
    this.list = $('here-list');
    this.announce = $('here-live');
    this.seq = 0;           // the latest here/track request; older answers are dropped
    this.hideTimer = null;
    this.clickTimer = null;
    this.point = null;      // the marker of the spot asked about
    this.track = null;      // the highlighted track (casing + line)
    const self = this;
    $('here-close').addEventListener('click', () => { self.close(true); });
    map.on('click', (e) => {
      clearTimeout(self.clickTimer);
      self.clickTimer = setTimeout(() => { self.ask(e.latlng, false); }, DBLCLICK_MS);
    });
    map.on('dblclick', () => { clearTimeout(self.clickTimer); });
    const container = map.getContainer();
    container.addEventListener('keydown', (e) => {
      if (e.target !== container) return;
      if (e.key === 'Enter') { e.preventDefault(); self.ask(map.getCenter(), true); }
    });
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || self.root.hidden || $('panel').contains(e.target)) return;
      const inside = self.root.contains(e.target);
      self.close(inside);
    });
    this.root.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const rows = Array.prototype.slice.call(self.list.querySelectorAll('button'));
      const i = rows.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      rows[Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))].focus();
    });
  }

  HerePanel.prototype.zoom = function () {
    const r = this.opts.zoomRange;
    return TH.format.clamp(Math.round(this.map.getZoom()), r[0], r[1]);
  };

  // Shows the panel with a heading line (also announced) and no rows.
  HerePanel.prototype.show = function (text, state) {
    clearTimeout(this.hideTimer);
    this.heading.textContent = text;
    this.announce.textContent = text;
    this.list.textContent = '';
    this.root.dataset.state = state;
    this.root.hidden = false;
  };

  // Shows a line for a moment, then closes.
  HerePanel.prototype.brief = function (text, state) {
    this.show(text, state);
    const self = this;
    this.hideTimer = setTimeout(() => { self.close(false); }, BRIEF_MS);
  };

  HerePanel.prototype.clearTrack = function () {
    if (this.track) this.map.removeLayer(this.track);
    this.track = null;
  };

  // Clears the list, the marker and the highlight; focus goes back to the map when it was in
  // the panel.
  HerePanel.prototype.close = function (refocus) {
    this.seq += 1;
    clearTimeout(this.hideTimer);
    this.root.hidden = true;
    this.root.dataset.state = 'closed';
    this.list.textContent = '';
    this.heading.textContent = '';
    this.clearTrack();
    if (this.point) this.map.removeLayer(this.point);
    this.point = null;
    if (refocus) this.map.getContainer().focus();
  };

  HerePanel.prototype.ask = function (latlng, byKeyboard) {
    this.close(false);
    if (!this.opts.served) {
      this.brief('Run trackheat serve to see which activities passed here.', 'unserved');
      return;
    }
    const seq = this.seq, self = this;
    this.point = L.circleMarker(latlng, { radius: 7, weight: 2, color: '#ffffff', fill: false,
                                          interactive: false, className: 'here-point' }).addTo(this.map);
    const lon = ((latlng.lng + 180) % 360 + 360) % 360 - 180;  // a world copy's longitude
    const q = this.opts.filterQuery();
    const url = 'api/here?lat=' + latlng.lat.toFixed(6) + '&lon=' + lon.toFixed(6) + '&z=' + this.zoom() +
                '&r=' + RADIUS_PX + (q ? '&' + q : '');
    this.show('Looking…', 'loading');
    TH.live.getJson(url, () => { return self.seq === seq; }, (err, answer) => {
      if (err) { self.show('Could not ask the server: ' + err, 'error'); return; }
      self.showList(answer, byKeyboard);
    });
  };

  HerePanel.prototype.showList = function (answer, byKeyboard) {
    const rows = answer && Array.isArray(answer.activities) ? answer.activities : [];
    const count = answer && finite(answer.count) ? answer.count : rows.length;
    if (!count || !rows.length) {
      this.brief('Nothing passed here', 'empty');
      if (this.point) this.map.removeLayer(this.point);
      this.point = null;
      return;
    }
    let text = count + (count === 1 ? ' activity passed here' : ' activities passed here');
    if (count > rows.length) text += ', showing the newest ' + rows.length;
    this.show(text, 'list');
    const self = this;
    rows.forEach((a) => {
      if (!a || (typeof a.id !== 'number' && typeof a.id !== 'string')) return;
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'here-row';
      button.dataset.id = String(a.id);
      const date = document.createElement('span');
      date.className = 'here-date';
      date.textContent = typeof a.date === 'string' ? a.date : '–';
      const name = document.createElement('span');
      name.className = 'here-name';
      name.textContent = typeof a.name === 'string' && a.name ? a.name : '(no name)';
      const meta = document.createElement('span');
      meta.className = 'here-meta';
      const bits = [typeof a.sport === 'string' ? a.sport : ''];
      if (finite(a.distance_m)) bits.push(TH.format.km(a.distance_m));
      if (finite(a.moving_s)) bits.push(TH.format.duration(a.moving_s));
      meta.textContent = bits.filter(Boolean).join(' · ');
      button.appendChild(date);
      button.appendChild(name);
      button.appendChild(meta);
      button.addEventListener('click', () => { self.choose(button); });
      li.appendChild(button);
      self.list.appendChild(li);
    });
    const first = this.list.querySelector('button');
    if (first) first.focus({ preventScroll: !byKeyboard });
  };

  // Marks a row and draws its track at the zoom on screen.
  HerePanel.prototype.choose = function (button) {
    Array.prototype.forEach.call(this.list.querySelectorAll('button'), (b) => {
      b.removeAttribute('aria-current');
    });
    button.setAttribute('aria-current', 'true');
    this.clearTrack();
    const seq = ++this.seq, self = this;
    const url = 'api/track/' + encodeURIComponent(button.dataset.id) + '?z=' + this.zoom();
    TH.live.getJson(url, () => { return self.seq === seq; }, (err, track) => {
      const runs = err ? [] : cleanRuns(track && track.runs);
      if (!runs.length) {
        self.announce.textContent = 'This track could not be shown' + (err ? ': ' + err : '');
        return;
      }
      self.track = L.layerGroup([
        L.polyline(runs, { color: '#0b0c0f', weight: 8, opacity: 0.85, interactive: false,
                           className: 'here-casing' }),
        L.polyline(runs, { color: '#3ee8ff', weight: 3.5, opacity: 1, interactive: false,
                           className: 'here-track' })
      ]).addTo(self.map);
      const b = track.bbox;
      const bounds = Array.isArray(b) && b.length === 4 && b.every(finite)
          ? L.latLngBounds([[b[1], b[0]], [b[3], b[2]]]) : self.track.getLayers()[1].getBounds();
      self.map.fitBounds(bounds, self.opts.padding());
      self.announce.textContent = 'Showing ' + (typeof track.name === 'string' ? track.name : 'the track') + ' on the map';
    });
  };

  TH.HerePanel = HerePanel;
})(window.TH = window.TH || {});
