// The viewer's legend (viewer/src/js/legend.js, valueAt) against the renderer's scales: the
// cases come from legend_cases (C++: scale_to_t and index_table on the layers' real specs), in
// the file named by LEGEND_CASES. Both directions:
//   - valueAt(layer, scale, t) gives back the value the renderer put at t;
//   - the t at which valueAt reaches a value (bisection) is the renderer's t for it, so the
//     legend's colour at that tick is the colour a tile shows for the value (palette index
//     1 + round(254 t), as legend stops are placed).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const legendSource = path.join(__dirname, '..', '..', 'viewer', 'src', 'js', 'legend.js');
const context = { window: {} };
vm.runInNewContext(fs.readFileSync(legendSource, 'utf8'), context, { filename: legendSource });
const { valueAt } = context.window.TH.legend;

const cases = JSON.parse(fs.readFileSync(process.env.LEGEND_CASES, 'utf8'));
const kMinT = 1e-6; // scale_to_t never returns less for data

// The t in [0, 1] where valueAt(layer, scale, t) reaches `value` (valueAt rises with t).
function tAt(layer, scale, value) {
  let lo = 0, hi = 1;
  if (value <= valueAt(layer, scale, 0)) return 0;
  if (value >= valueAt(layer, scale, 1)) return 1;
  for (let i = 0; i < 80; ++i) {
    const mid = (lo + hi) / 2;
    if (valueAt(layer, scale, mid) < value) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

test('every layer of the renderer has cases', () => {
  assert.equal(cases.layers.length, 11);
  for (const layer of cases.layers) {
    assert.ok(layer.scales.length >= 2, layer.id);
    const values = layer.scales.reduce((n, s) => n + s.values.length, 0);
    assert.ok(values >= 60, `${layer.id}: ${values} values`);
  }
});

for (const layer of cases.layers) {
  test(`legend of ${layer.id} (${layer.scale}) inverts the renderer's scale`, () => {
    let inside = 0;
    for (const scale of layer.scales) {
      const span = Math.max(Math.abs(scale.hi - scale.lo), Math.abs(scale.hi), 1e-9);
      const where = `${layer.id} lo=${scale.lo} hi=${scale.hi}`;
      for (const c of scale.values) {
        // valueAt inverts scale_to_t where the renderer did not clamp t.
        if (c.t > 2 * kMinT && c.t < 1 - 1e-9) {
          inside += 1;
          const back = valueAt(layer, scale, c.t);
          assert.ok(Math.abs(back - c.value) <= 1e-7 * span,
            `${where}: valueAt(t=${c.t}) = ${back}, the renderer drew ${c.value} there`);
        }
        // The legend places value c.value at the renderer's t, and so at its colour.
        const t = tAt(layer, scale, c.value);
        const expected = Math.min(1, Math.max(0, c.t));
        assert.ok(Math.abs(t - expected) <= 2 * kMinT,
          `${where}: the legend puts ${c.value} at t=${t}, the renderer at t=${c.t}`);
        const legendIndex = 1 + Math.round(254 * t);
        assert.ok(Math.abs(legendIndex - c.index) <= 1,
          `${where}: ${c.value} is palette index ${c.index} in tiles, ${legendIndex} in the legend`);
      }
    }
    assert.ok(inside >= 40, `${layer.id}: only ${inside} values inside its scales`);
  });
}
