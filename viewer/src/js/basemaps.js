// trackheat viewer: the base maps. Keyless providers are always listed; keyed ones only when
// `trackheat build` found their key (TRACKHEAT_STADIA_API_KEY, TRACKHEAT_THUNDERFOREST_API_KEY in
// the environment or .env) and wrote it into data/basemaps.js.
(function (TH) {
  'use strict';

  const OSM = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
  const ESRI_CANVAS = 'Tiles &copy; Esri &mdash; Esri, HERE, Garmin, ' + OSM;
  const ESRI_IMAGERY = 'Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, ' +
      'and the GIS User Community';

  // id: stable name used in the URL hash. maxNative: the provider's deepest zoom; Leaflet
  // scales its tiles beyond that.
  const KEYLESS = [
    { id: 'dark', label: 'Dark', theme: 'dark', maxNative: 16, attribution: ESRI_CANVAS,
      url: 'https://server.arcgisonline.com/ArcGIS/rest/services/Canvas/World_Dark_Gray_Base/MapServer/tile/{z}/{y}/{x}' },
    { id: 'light', label: 'Light', theme: 'light', maxNative: 16, attribution: ESRI_CANVAS,
      url: 'https://server.arcgisonline.com/ArcGIS/rest/services/Canvas/World_Light_Gray_Base/MapServer/tile/{z}/{y}/{x}' },
    { id: 'topo', label: 'Topographic (OpenTopoMap)', theme: 'light', maxNative: 17,
      attribution: 'Map data: ' + OSM + ', SRTM | Map style: &copy; <a href="https://opentopomap.org">OpenTopoMap</a> (CC-BY-SA)',
      url: 'https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png', subdomains: 'abc' },
    { id: 'satellite', label: 'Satellite', theme: 'dark', maxNative: 18, attribution: ESRI_IMAGERY,
      url: 'https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}' },
    { id: 'osm', label: 'OpenStreetMap', theme: 'light', maxNative: 19, attribution: OSM,
      url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }
  ];

  const KEYED = [
    { id: 'stadia-dark', key: 'stadia', label: 'Dark (Stadia Alidade)', theme: 'dark', maxNative: 20,
      attribution: '&copy; <a href="https://stadiamaps.com/">Stadia Maps</a> &copy; <a href="https://openmaptiles.org/">OpenMapTiles</a> ' + OSM,
      url: 'https://tiles.stadiamaps.com/tiles/alidade_smooth_dark/{z}/{x}/{y}{r}.png?api_key={key}' },
    { id: 'thunderforest-outdoors', key: 'thunderforest', label: 'Outdoors (Thunderforest)', theme: 'light',
      maxNative: 22, attribution: 'Maps &copy; <a href="https://www.thunderforest.com/">Thunderforest</a>, ' + OSM,
      url: 'https://{s}.tile.thunderforest.com/outdoors/{z}/{x}/{y}{r}.png?apikey={key}', subdomains: 'abc' }
  ];

  const NONE = { id: 'none', label: 'None', theme: 'dark', url: null, attribution: '' };

  // The base maps this page offers, in picker order; `keys` maps provider names to keys.
  function available(keys) {
    const list = KEYLESS.slice();
    KEYED.forEach((b) => {
      const key = keys && keys[b.key];
      if (typeof key === 'string' && /^[A-Za-z0-9_.-]{4,200}$/.test(key)) {
        list.push(Object.assign({}, b, { url: b.url.replace('{key}', encodeURIComponent(key)) }));
      }
    });
    list.push(NONE);
    return list;
  }

  function makeLayer(base, maxZoom) {
    if (!base.url) return null;
    return L.tileLayer(base.url, {
      attribution: base.attribution, maxNativeZoom: base.maxNative, maxZoom: maxZoom,
      subdomains: base.subdomains || 'abc', className: 'basemap-tiles'
    });
  }

  TH.basemaps = { available: available, makeLayer: makeLayer, defaultId: 'dark' };
})(window.TH = window.TH || {});
