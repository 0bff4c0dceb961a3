// trackheat viewer: the state kept in the URL hash, so a reload or a shared link shows the same
// map:  #b=<base map>&l=<layer>&v=<zoom>/<lat>/<lon>&d=<from>..<to>&km=<min>..<max>&s=<sports>
// d, km and s appear only when they narrow the selection (s is a comma list of sport names,
// "-" for none). Unknown or malformed parts are ignored.
(function (TH) {
  'use strict';

  function parse(hash) {
    const out = {};
    const params = new URLSearchParams((hash || '').replace(/^#/, ''));
    if (params.get('b')) out.basemap = params.get('b');
    if (params.get('l')) out.layer = params.get('l');
    const v = /^(\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(params.get('v') || '');
    if (v && Math.abs(+v[2]) <= 90 && Math.abs(+v[3]) <= 540) out.view = { zoom: +v[1], lat: +v[2], lon: +v[3] };
    const d = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(params.get('d') || '');
    if (d && TH.format.dayFromIso(d[1]) !== null && TH.format.dayFromIso(d[2]) !== null) {
      out.days = [TH.format.dayFromIso(d[1]), TH.format.dayFromIso(d[2])];
    }
    const km = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)$/.exec(params.get('km') || '');
    if (km) out.km = [+km[1], +km[2]];
    if (params.has('s')) {
      const s = params.get('s');
      out.sports = s === '-' || s === '' ? [] : s.split(',');
    }
    return out;
  }

  function serialise(state, activities) {
    const parts = [];
    const add = function (k, v) { parts.push(k + '=' + encodeURIComponent(v).replace(/%2F/g, '/').replace(/%2C/g, ',')); };
    add('b', state.basemap);
    add('l', state.layer);
    const c = state.center;
    add('v', state.zoom + '/' + c.lat.toFixed(5) + '/' + c.lng.toFixed(5));
    const f = state.filter;
    if (f.dayLo > activities.minDay || f.dayHi < activities.maxDay) {
      add('d', TH.format.isoFromDay(f.dayLo) + '..' + TH.format.isoFromDay(f.dayHi));
    }
    if (f.kmLo > 0 || f.kmHi < activities.kmExtent) add('km', f.kmLo + '..' + f.kmHi);
    if (f.sports.length < activities.sports.length) add('s', f.sports.length ? f.sports.join(',') : '-');
    return '#' + parts.join('&');
  }

  TH.urlState = { parse: parse, serialise: serialise };
})(window.TH = window.TH || {});
