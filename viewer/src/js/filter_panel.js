// trackheat viewer: the filter controls. Two two-handled sliders (date, distance), each with
// typed values beside it, and one checkbox per sport. Any change calls onChange(filter) with
// the new filter; the caller coalesces repaints (one per animation frame).
(function (TH) {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const fmt = TH.format;

  // One two-handled slider bound to two typed inputs. `toText` / `fromText` convert slider
  // values to the typed inputs' text and back (fromText returns null for unusable text).
  function DualRange(ids, extent, step, toText, fromText, onInput) {
    this.lo = $(ids[0]); this.hi = $(ids[1]);
    this.from = $(ids[2]); this.to = $(ids[3]);
    this.extent = extent;
    this.toText = toText;
    const self = this;
    [this.lo, this.hi].forEach((el) => {
      el.min = String(extent[0]); el.max = String(extent[1]); el.step = String(step);
    });
    if (this.from.type === 'date') {
      this.from.min = this.to.min = toText(extent[0]);
      this.from.max = this.to.max = toText(extent[1]);
    } else {
      this.from.max = this.to.max = String(extent[1]);
    }
    const fromSlider = function (moved) {
      let lo = +self.lo.value, hi = +self.hi.value;
      if (lo > hi) { if (moved === self.lo) lo = hi; else hi = lo; }
      self.set(lo, hi);
      onInput();
    };
    this.lo.addEventListener('input', () => { fromSlider(self.lo); });
    this.hi.addEventListener('input', () => { fromSlider(self.hi); });
    const fromTyped = function (moved) {
      let lo = fromText(self.from.value), hi = fromText(self.to.value);
      if (lo === null || hi === null) return;  // half-typed: wait for more
      lo = fmt.clamp(lo, extent[0], extent[1]);
      hi = fmt.clamp(hi, extent[0], extent[1]);
      if (lo > hi) { if (moved === self.from) hi = lo; else lo = hi; }
      self.set(lo, hi, moved);
      onInput();
    };
    this.from.addEventListener('change', () => { fromTyped(self.from); });
    this.to.addEventListener('change', () => { fromTyped(self.to); });
    this.set(extent[0], extent[1]);
  }

  // Shows [lo, hi] on the slider and the typed inputs (except the one being typed in).
  DualRange.prototype.set = function (lo, hi, typing) {
    this.value = [lo, hi];
    this.lo.value = String(lo); this.hi.value = String(hi);
    if (typing !== this.from) this.from.value = this.toText(lo);
    if (typing !== this.to) this.to.value = this.toText(hi);
    const span = this.extent[1] - this.extent[0] || 1;
    const track = this.lo.parentNode;
    track.style.setProperty('--lo', ((lo - this.extent[0]) / span * 100).toFixed(2) + '%');
    track.style.setProperty('--hi', ((hi - this.extent[0]) / span * 100).toFixed(2) + '%');
  };

  function kmText(v) { return String(Math.round(v * 10) / 10); }
  function kmFromText(text) {
    if (text === '' || !isFinite(+text)) return null;
    return Math.round(+text * 10) / 10;
  }

  function FilterPanel(activities, onChange) {
    const self = this;
    this.activities = activities;
    const changed = function () { onChange(self.filter()); };
    this.date = new DualRange(['date-lo', 'date-hi', 'date-from', 'date-to'],
                              [activities.minDay, activities.maxDay], 1,
                              fmt.isoFromDay, fmt.dayFromIso, changed);
    this.distance = new DualRange(['km-lo', 'km-hi', 'km-from', 'km-to'],
                                  [0, activities.kmExtent], 0.1, kmText, kmFromText, changed);
    const counts = activities.sports.map(() => { return 0; });
    for (let i = 0; i < activities.count; i++) counts[activities.sport[i]] += 1;
    const order = activities.sports.map((_, k) => { return k; })
        .sort((a, b) => { return counts[b] - counts[a] || activities.sports[a].localeCompare(activities.sports[b]); });
    const list = $('sport-list');
    this.boxes = {};
    order.forEach((k) => {
      const name = activities.sports[k];
      const label = document.createElement('label');
      label.className = 'sport';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.value = name;
      box.addEventListener('change', changed);
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + name + ' '));
      const n = document.createElement('span');
      n.className = 'count';
      n.textContent = String(counts[k]);
      label.appendChild(n);
      list.appendChild(label);
      self.boxes[name] = box;
    });
    $('filter-reset').addEventListener('click', () => {
      self.apply(activities.fullFilter());
      changed();
    });
  }

  FilterPanel.prototype.filter = function () {
    const self = this;
    return {
      dayLo: this.date.value[0], dayHi: this.date.value[1],
      kmLo: this.distance.value[0], kmHi: this.distance.value[1],
      sports: this.activities.sports.filter((s) => { return self.boxes[s].checked; })
    };
  };

  // Shows a filter (from the URL hash or reset), clamped to the data.
  FilterPanel.prototype.apply = function (f) {
    const a = this.activities;
    const dLo = fmt.clamp(f.dayLo, a.minDay, a.maxDay), dHi = fmt.clamp(f.dayHi, a.minDay, a.maxDay);
    this.date.set(Math.min(dLo, dHi), Math.max(dLo, dHi));
    const kLo = fmt.clamp(f.kmLo, 0, a.kmExtent), kHi = fmt.clamp(f.kmHi, 0, a.kmExtent);
    this.distance.set(Math.min(kLo, kHi), Math.max(kLo, kHi));
    const self = this;
    Object.keys(this.boxes).forEach((name) => {
      self.boxes[name].checked = f.sports.indexOf(name) >= 0;
    });
  };

  TH.FilterPanel = FilterPanel;
})(window.TH = window.TH || {});
