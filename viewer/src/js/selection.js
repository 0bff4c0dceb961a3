// trackheat viewer: the activities of data/activities.js as typed columns, the filter over them
// and the totals of the selection.
//
// Filter semantics (the browser tests compute the same from activities.js):
//   date      the activity's local calendar day (start + utc_offset_s; UTC when the offset is
//             unknown), dayLo <= day <= dayHi, both ends inclusive;
//   distance  kmLo <= distance_m / 1000 <= kmHi, inclusive;
//   sports    the activity's sport is one of the chosen ones.
// An activity without a start time (or a distance) passes its date (distance) test only while
// that range is not narrowed from the full extent of the data.
(function (TH) {
  'use strict';

  const NULL_DAY = -1e9;

  function Activities(data) {
    const n = data && data.count ? data.count : 0;
    this.count = n;
    this.sports = (data && data.sports) || [];
    this.sport = new Uint16Array(n);
    this.day = new Float64Array(n);
    this.km = new Float64Array(n);
    this.distance = new Float64Array(n);
    this.moving = new Float64Array(n);
    this.ascent = new Float64Array(n);
    this.minDay = Infinity; this.maxDay = -Infinity; this.maxKm = 0;
    for (let i = 0; i < n; i++) {
      this.sport[i] = data.sport[i];
      const start = data.start[i];
      if (start === null) {
        this.day[i] = NULL_DAY;
      } else {
        const d = Math.floor((start + (data.utc_offset_s[i] || 0)) / TH.format.DAY_S);
        this.day[i] = d;
        if (d < this.minDay) this.minDay = d;
        if (d > this.maxDay) this.maxDay = d;
      }
      const dist = data.distance_m[i];
      this.km[i] = dist === null ? NaN : dist / 1000;
      this.distance[i] = dist === null ? 0 : dist;
      if (dist !== null && dist / 1000 > this.maxKm) this.maxKm = dist / 1000;
      this.moving[i] = data.moving_s[i] === null ? 0 : data.moving_s[i];
      this.ascent[i] = data.ascent_m[i] === null ? 0 : data.ascent_m[i];
    }
    if (this.minDay > this.maxDay) { this.minDay = 0; this.maxDay = 0; }
    // Slider extent: whole km, at least 1.
    this.kmExtent = Math.max(1, Math.ceil(this.maxKm));
  }

  // The filter that selects everything.
  Activities.prototype.fullFilter = function () {
    return { dayLo: this.minDay, dayHi: this.maxDay, kmLo: 0, kmHi: this.kmExtent,
             sports: this.sports.slice() };
  };

  // Totals of the activities the filter selects.
  Activities.prototype.totals = function (f) {
    const chosen = new Uint8Array(this.sports.length);
    const self = this;
    f.sports.forEach((name) => {
      const k = self.sports.indexOf(name);
      if (k >= 0) chosen[k] = 1;
    });
    const dateNarrowed = f.dayLo > this.minDay || f.dayHi < this.maxDay;
    const kmNarrowed = f.kmLo > 0 || f.kmHi < this.kmExtent;
    let count = 0, distance = 0, moving = 0, ascent = 0;
    for (let i = 0; i < this.count; i++) {
      if (!chosen[this.sport[i]]) continue;
      const d = this.day[i];
      if (d === NULL_DAY ? dateNarrowed : (d < f.dayLo || d > f.dayHi)) continue;
      const k = this.km[i];
      if (k !== k ? kmNarrowed : (k < f.kmLo || k > f.kmHi)) continue;
      count += 1;
      distance += this.distance[i];
      moving += this.moving[i];
      ascent += this.ascent[i];
    }
    return { count: count, distance_m: distance, moving_s: moving, ascent_m: ascent };
  };

  TH.Activities = Activities;
})(window.TH = window.TH || {});
