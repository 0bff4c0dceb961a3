// trackheat viewer: number, date and duration formatting shared by the panels.
// Every viewer script is a classic script (ES modules do not load from file://) adding its part
// to the one global namespace window.TH.
(function (TH) {
  'use strict';

  const DAY_S = 86400;

  // Whole days since 1970-01-01 of a "YYYY-MM-DD" text, or null when it is not a date.
  function dayFromIso(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
    if (!m) return null;
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    return isFinite(ms) ? Math.floor(ms / 1000 / DAY_S) : null;
  }

  function isoFromDay(day) {
    return new Date(day * DAY_S * 1000).toISOString().slice(0, 10);
  }

  function groupThousands(text) {
    return text.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  }

  function km(metres) {
    const v = metres / 1000;
    return groupThousands(v.toFixed(v >= 100 ? 0 : 1)) + ' km';
  }

  function duration(seconds) {
    const minutes = Math.round(seconds / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return groupThousands(String(h)) + ' h ' + (m < 10 ? '0' : '') + m + ' min';
  }

  function metres(m) {
    return groupThousands(String(Math.round(m))) + ' m';
  }

  // A value for a legend tick: few digits, never "-0".
  function tick(v) {
    if (!isFinite(v)) return '–';
    const a = Math.abs(v);
    let text = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(0) : a >= 1 ? v.toFixed(1) : v.toFixed(2);
    text = text.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
    return text === '-0' ? '0' : text;
  }

  function clamp(v, lo, hi) {
    return Math.min(hi, Math.max(lo, v));
  }

  TH.format = { DAY_S: DAY_S, dayFromIso: dayFromIso, isoFromDay: isoFromDay, km: km,
                duration: duration, metres: metres, tick: tick, clamp: clamp };
})(window.TH = window.TH || {});
