// The harbormap viewer.  One page for both modes (config.json says which):
//   server: `harbormap serve` - tiles from /tilejson.json (MBTiles), facts and routes from /api/*;
//   static: `harbormap export web` - tiles from the PMTiles file (HTTP range requests; a server that ignores
//           them answers with the whole file, which is then kept in memory), facts from facts.json.
// ?source=pmtiles makes the server mode read the PMTiles file too.  Colours and legend come from the
// build's MapLibre style (style.json), generated from the same symbol table as the static maps; the port
// and chokepoint names are the style's symbol layers, drawn by MapLibre with the build's glyphs (glyphs/).
(async function () {
  'use strict';
  const getJSON = async (url) => {
    const r = await fetch(url);
    if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
    return r.json();
  };
  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) e.append(c);
    return e;
  };
  const link = (url) => /^https?:\/\//.test(url || '') ? el('a', { href: url, target: '_blank', rel: 'noopener', textContent: url }) : el('span', { textContent: url || '' });

  // the status line of the panel: what the page could not do, or did differently, in words
  const statusLine = document.getElementById('status');
  const say = (text, kind) => { statusLine.textContent = text; statusLine.className = kind || ''; };

  // The PMTiles archive over HTTP.  Each read asks for its byte range; a server without range requests
  // (python3 -m http.server, some dev servers) answers 200 with the whole file, which pmtiles' own
  // FetchSource refuses (the map stayed blank, unsaid): here that body is kept and every later read is
  // a slice of it (the exported archive is a few MB).
  class RangeOrWholeSource {
    constructor(url, onWhole) { this.url = url; this.whole = null; this.onWhole = onWhole; }
    getKey() { return this.url; }
    async getBytes(offset, length, signal) {
      if (!this.whole) {
        const r = await fetch(this.url, { signal, headers: { range: 'bytes=' + offset + '-' + (offset + length - 1) } });
        if (r.status === 206) {
          return { data: await r.arrayBuffer(), cacheControl: r.headers.get('Cache-Control') || undefined,
                   expires: r.headers.get('Expires') || undefined };
        }
        if (r.status !== 200) throw new Error(this.url + ': HTTP ' + r.status);
        if (!this.whole) {
          this.whole = r.arrayBuffer().then((b) => { this.onWhole(b.byteLength); return b; });
          this.whole.catch(() => { this.whole = null; });
        }
      }
      const b = await this.whole;
      return { data: b.slice(offset, offset + length) };
    }
  }

  window.harbormap = window.harbormap || {};
  const cfg = await getJSON('config.json');
  const facets = await getJSON('facets.json');
  const style = await getJSON('style.json');
  const params = new URLSearchParams(location.search);
  const serverMode = cfg.mode === 'server';
  const usePmtiles = !serverMode || params.get('source') === 'pmtiles';
  if (usePmtiles) {
    const protocol = new pmtiles.Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tile);
    const url = new URL(cfg.pmtiles, location.href).href;
    protocol.add(new pmtiles.PMTiles(new RangeOrWholeSource(url, (bytes) => {
      window.harbormap.wholeArchive = bytes;
      say('This server ignores HTTP range requests: the whole tile archive (' + (bytes / 1048576).toFixed(1) +
          ' MB) was loaded into memory. A server with range requests (nginx, Apache, caddy, GitHub Pages, S3) reads only the tiles shown.', 'note');
    })));
    style.sources.harbormap.url = 'pmtiles://' + url;
  }
  // the glyphs URL of a static copy is relative to the page (the server's is absolute)
  if (style.glyphs && !/^[a-z][a-z0-9+.-]*:/i.test(style.glyphs)) style.glyphs = new URL('.', location.href).href + style.glyphs;
  const staticFacts = serverMode ? null : await getJSON('facts.json');
  // the countries basemap of the build (the QGIS project's and the static maps'), as land under the tiles on a
  // water background: without it the ports and lanes stood on a blank page with no coast to read them by
  if (cfg.basemap) {
    style.sources.basemap = { type: 'geojson', data: new URL(cfg.basemap, location.href).href,
                              attribution: 'Natural Earth via world-atlas (ISC)' };
    const bg = style.layers.findIndex((l) => l.type === 'background');
    if (bg >= 0) style.layers[bg].paint = Object.assign({}, style.layers[bg].paint, { 'background-color': '#dfeaf2' });
    style.layers.splice(bg + 1, 0, { id: 'basemap-land', type: 'fill', source: 'basemap',
                                     paint: { 'fill-color': '#f3f0e8', 'fill-outline-color': '#cbc3b0' } });
  }

  const baseFilters = {}; // layer id -> the style's own filter
  for (const l of style.layers) if (l.filter) baseFilters[l.id] = l.filter;
  const map = new maplibregl.Map({ container: 'map', style, center: [20, 30], zoom: 1.6, attributionControl: false,
                                   preserveDrawingBuffer: true });
  map.addControl(new maplibregl.NavigationControl(), 'top-left');
  const labelLayers = style.layers.filter((l) => l.type === 'symbol').map((l) => l.id);
  const hm = window.harbormap = Object.assign(window.harbormap || {}, { map, route: null, popup: null, errors: [], labelLayers });

  // ---- legend and layer toggles, from the style
  const colourOf = (l) => (l.paint || {})['circle-color'] || (l.paint || {})['line-color'] || (l.paint || {})['fill-color'];
  const describe = (f) => {
    if (!f) return '';
    if (f[0] === 'get') return f[1];
    if (f[0] === '==' || f[0] === '!=') return describe(f[1]) + (f[0] === '==' ? ' = ' : ' ≠ ') + f[2];
    if (f[0] === '!') return 'none of: ' + describe(f[1]);
    if (f[0] === 'any') return f.slice(1).map(describe).join(' or ');
    if (f[0] === 'all') return f.slice(1).map(describe).join(', ');
    return JSON.stringify(f);
  };
  const groups = {}, listed = new Set(); // a class drawn on two layers alike (US strategic seaport) is listed once
  const legend = document.getElementById('legend');
  for (const l of style.layers.slice().reverse()) {
    if (!l['source-layer']) continue;
    (groups[l['source-layer']] = groups[l['source-layer']] || []).push(l.id);
    if (l.type === 'symbol') continue; // labels switch with their layer; the legend lists symbols
    const label = (l.metadata && l.metadata['harbormap:label']) || (l['source-layer'] + (l.filter ? ': ' + describe(l.filter) : ''));
    const sw = el('span', { className: 'swatch ' + (l.type === 'circle' ? 'circle' : l.type === 'line' ? 'line' : '') });
    sw.style.background = colourOf(l);
    if (listed.has(label + ' ' + JSON.stringify(colourOf(l)))) continue;
    listed.add(label + ' ' + JSON.stringify(colourOf(l)));
    legend.append(el('div', { className: 'legend-row' }, sw, el('span', { textContent: label })));
  }
  const toggles = document.getElementById('toggles');
  for (const [name, ids] of Object.entries(groups)) {
    const box = el('input', { type: 'checkbox', checked: true, id: 'toggle-' + name });
    box.addEventListener('change', () => {
      for (const id of ids) map.setLayoutProperty(id, 'visibility', box.checked ? 'visible' : 'none');
    });
    toggles.append(el('label', {}, box, ' ' + name.replace(/_/g, ' ')));
  }
  document.getElementById('attribution').textContent = 'World Port Index (NGA), UN/LOCODE, curated tables, MARNET, Benden lanes' +
    (cfg.basemap ? '; basemap: Natural Earth via world-atlas (ISC, basemap/LICENSE-world-atlas-ISC.txt)' : '');

  // ---- filters (group, status, confidence) on the ports and terminals layers
  const fill = (id, values) => { for (const v of values) document.getElementById(id).append(el('option', { value: v, textContent: v })); };
  fill('f-status', facets.statuses); fill('f-confidence', facets.confidences);
  // PRC group: the groups the legend names (China Merchants: CMPort and CMPort-TerminalLink), then every group key;
  // a value is what /api/ports?group= and `ports list --group` take.  Only the keys were offered, so "CMPort"
  // left out the 21 CMPort-TerminalLink ports the legend draws as China Merchants.
  const groupKeys = {};
  for (const k of facets.groups) groupKeys[k] = [k];
  const groupSelect = document.getElementById('f-group');
  const mapGroups = (facets.map_groups || []).filter((g) => !(g.keys.length === 1 && g.keys[0] === g.name));
  if (mapGroups.length) {
    const og = el('optgroup', { label: 'groups of the legend' });
    for (const g of mapGroups) { groupKeys[g.name] = g.keys; og.append(el('option', { value: g.name, textContent: g.name + ' (' + g.keys.length + ' keys)' })); }
    groupSelect.append(og);
  }
  const keysGroup = el('optgroup', { label: 'terminal group keys' });
  for (const k of facets.groups) keysGroup.append(el('option', { value: k, textContent: k }));
  groupSelect.append(keysGroup);
  // The status and confidence filters on ports are `ports list --status / --min-confidence` and
  // /api/ports?status= / ?min_confidence=: a port with a terminal row of that status (a BRI project's or LOGINK
  // agreement's status does not count), a port with a fact of at least that confidence.  The ports layer of
  // the tiles carries neither (no provenance): the port ids come from /api/ports (server) or facts.json
  // (static copy), and the layers are filtered by port_id.
  const level = (c) => ({ low: 1, medium: 2, high: 3 })[c] || 0;
  const idCache = {};
  async function portIds(param, value, has) {
    const key = param + '=' + value;
    if (idCache[key]) return idCache[key];
    const ids = [];
    if (!serverMode) {
      for (const [id, d] of Object.entries(staticFacts)) if (has(d)) ids.push(id);
    } else {
      for (let offset = 0; ; offset += 1000) {
        const j = await getJSON('api/ports?' + new URLSearchParams({ [param]: value, limit: 1000, offset }));
        for (const p of j.ports) ids.push(p.port_id);
        if (!j.ports.length || offset + j.ports.length >= j.total) break;
      }
    }
    return (idCache[key] = ids);
  }
  let filterRun = 0;
  async function applyFilters() {
    const run = ++filterRun;
    const g = document.getElementById('f-group').value, s = document.getElementById('f-status').value;
    const c = document.getElementById('f-confidence').value;
    const withStatus = s ? await portIds('status', s, (d) => ((d.facts && d.facts.terminals) || []).some((t) => t.status === s)) : null;
    const withConfidence = c ? await portIds('min_confidence', c, (d) => (d.provenance || []).some((e) => level(e.confidence) >= level(c))) : null;
    if (run !== filterRun) return; // a later change is being applied
    for (const l of style.layers) {
      const layer = l['source-layer'];
      if (layer !== 'ports' && layer !== 'terminals') continue;
      const parts = baseFilters[l.id] ? [baseFilters[l.id]] : [];
      if (layer === 'ports') {
        if (g) parts.push(['any', ...groupKeys[g].map((k) => ['in', ';' + k + ';', ['concat', ';', ['coalesce', ['get', 'prc_groups'], ''], ';']])]);
        if (s) parts.push(['in', ['get', 'port_id'], ['literal', withStatus]]);
        if (c) parts.push(['in', ['get', 'port_id'], ['literal', withConfidence]]);
      } else {
        if (g) parts.push(['in', ['get', 'group_key'], ['literal', groupKeys[g]]]);
        if (s) parts.push(['==', ['get', 'status'], s]);
        if (c) parts.push(['in', ['get', 'confidence'], ['literal', facets.confidences.filter((x) => level(x) >= level(c))]]);
      }
      map.setFilter(l.id, parts.length ? ['all', ...parts] : null);
    }
  }
  for (const id of ['f-group', 'f-status', 'f-confidence'])
    document.getElementById(id).addEventListener('change', () => { hm.filtering = applyFilters().catch((e) => say('Filter failed: ' + e.message, 'error')); });

  const pointLayers = style.layers.filter((l) => l.type === 'circle').map((l) => l.id);

  // ---- popups: every fact with its source link, confidence and date
  async function portDetail(id) {
    if (!serverMode) return staticFacts[id] || null;
    const r = await fetch('api/ports/' + encodeURIComponent(id));
    return r.ok ? r.json() : null;
  }
  // each fact once: the rows of every fact layer (with their dates and counts), then any provenance entry
  // no row stands for (same row id and source URL)
  const factLayers = ['terminals', 'bri_projects', 'logink', 'zpmc_cranes', 'cranes', 'crane_orders', 'prc_equipment', 'strategic_seaports'];
  const rowId = (t) => t.terminal_id || t.bri_id || t.logink_id || t.zpmc_id || t.row_id || t.order_id || t.record_id || t.name || '';
  const rowText = (t) => t.terminal_name || t.project || t.agreement || t.role_as_reported ||
    [t.maker, t.crane_type || t.equipment_type, t.count != null ? '×' + t.count : '', t.terminal].filter((x) => x != null && x !== '').join(' ') || t.name || '';
  function factRows(d, props) {
    const rows = [], seen = new Set();
    for (const layer of factLayers)
      for (const t of (d && d.facts && d.facts[layer]) || []) {
        seen.add(rowId(t) + ' ' + (t.source_url || ''));
        rows.push({ what: layer.replace(/_/g, ' ') + ': ' + rowText(t), status: t.status, confidence: t.confidence,
                    date: t.source_date || t.designation_source_date || t.date, urls: [t.source_url, t.source_url_2] });
      }
    for (const p of (d && d.provenance) || [])
      if (!seen.has(p.id + ' ' + (p.source_url || '')))
        rows.push({ what: p.fact + ' (' + p.table + ' ' + p.id + ')', status: p.status, confidence: p.confidence,
                    date: p.source_date || p.date, urls: [p.source_url, p.source_url_2] });
    if (!d && props.source_url) rows.push({ what: props.terminal_name || props.name, status: props.status, confidence: props.confidence,
                                           date: props.source_date, urls: [props.source_url] });
    return rows;
  }
  async function showPopup(f, lngLat) {
    const props = f.properties;
    const d = props.port_id ? await portDetail(props.port_id) : null;
    const name = props.name || props.terminal_name || props.port_name || props.port_id;
    const box = el('div', { className: 'popup' }, el('h3', { textContent: name + (props.unlocode ? ' (' + props.unlocode + ')' : '') }));
    const flags = ['prc_operated', 'hk_operated', 'bri', 'logink', 'zpmc', 'strategic'].filter((k) => props[k] === true || props[k] === 'true');
    box.append(el('div', { className: 'meta', textContent: [props.country_name || props.country_iso2, props.port_id, flags.join(', ')].filter(Boolean).join(' · ') }));
    if (props.prc_groups) box.append(el('div', { textContent: 'PRC groups: ' + props.prc_groups }));
    const facts = el('div', { className: 'facts' });
    const rows = factRows(d, props);
    if (!rows.length) facts.append(el('div', { className: 'meta', textContent: 'No ownership or technology fact recorded (World Port Index entry).' }));
    for (const r of rows) {
      const row = el('div', { className: 'fact' }, el('div', { textContent: r.what }));
      row.append(el('div', { className: 'meta', textContent: 'status ' + (r.status || '-') + ' · confidence ' + (r.confidence || '-') +
                                                            ' · date ' + (r.date || 'not recorded') }));
      for (const u of r.urls) if (u) row.append(el('div', {}, 'source: ', link(u)));
      facts.append(row);
    }
    box.append(facts);
    if (hm.popup) hm.popup.remove();
    // a short map (a phone, the panel below it): the port goes near the top so that the popup below it fits;
    // in the middle it ran under the panel
    const canvas = map.getContainer();
    if (canvas.clientHeight < 600) map.easeTo({ center: lngLat, offset: [0, 40 - canvas.clientHeight / 2], duration: 0 });
    hm.popup = new maplibregl.Popup({ maxWidth: 'min(360px, 90vw)' }).setLngLat(lngLat).setDOMContent(box).addTo(map);
  }

  // ---- route between two clicked ports, with the crossed gates as toggles
  const routeBtn = document.getElementById('route-mode'), routeInfo = document.getElementById('route-info');
  const gatesBox = document.getElementById('route-gates');
  let picking = false, picked = [], avoid = new Set();
  if (!serverMode) { routeBtn.disabled = true; routeInfo.textContent = 'Routes need `harbormap serve` (this is a static copy).'; }
  routeBtn.addEventListener('click', () => {
    picking = !picking; picked = []; avoid = new Set();
    routeBtn.classList.toggle('active', picking);
    routeInfo.textContent = picking ? 'Click the first port.' : 'Click the button, then two ports on the map.';
  });
  function drawRoute(geometry) {
    const data = { type: 'Feature', properties: {}, geometry };
    if (map.getSource('route')) map.getSource('route').setData(data);
    else {
      map.addSource('route', { type: 'geojson', data });
      map.addLayer({ id: 'route-line', type: 'line', source: 'route', paint: { 'line-color': '#e6007e', 'line-width': 3.5 } });
    }
  }
  async function routeBetween(from, to) {
    const q = new URLSearchParams({ from, to });
    if (avoid.size) q.set('avoid', [...avoid].join(','));
    const j = await (await fetch('api/route?' + q)).json();
    hm.route = j;
    if (j.status !== 'ok') {
      routeInfo.textContent = 'No route: ' + (j.message || j.status);
      drawRoute({ type: 'MultiLineString', coordinates: [] });
      return j;
    }
    drawRoute(j.geometry);
    routeInfo.textContent = j.from.name + ' → ' + j.to.name + ': ' + j.distance_nm + ' nm (' + j.distance_km + ' km); ' +
      j.corridor.length + ' PRC/BRI ports within the corridor';
    gatesBox.textContent = '';
    for (const g of [...new Set([...j.gates, ...avoid])]) {
      const box = el('input', { type: 'checkbox', checked: !avoid.has(g) });
      box.addEventListener('change', () => { box.checked ? avoid.delete(g) : avoid.add(g); routeBetween(from, to); });
      gatesBox.append(el('label', {}, box, ' through ' + g));
    }
    return j;
  }
  hm.routeBetween = (a, b) => { avoid = new Set(); return routeBetween(a, b); };

  map.on('click', async (e) => {
    const feats = map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers: pointLayers });
    if (!feats.length) return;
    const f = feats.find((x) => x.sourceLayer === 'ports') || feats[0];
    if (picking && f.properties.port_id) {
      picked.push(f.properties.port_id);
      if (picked.length === 1) { routeInfo.textContent = 'From ' + f.properties.name + '; click the second port.'; return; }
      picking = false; routeBtn.classList.remove('active');
      await routeBetween(picked[0], picked[1]);
      return;
    }
    await showPopup(f, e.lngLat);
  });
  for (const id of pointLayers) {
    map.on('mouseenter', id, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', id, () => { map.getCanvas().style.cursor = ''; });
  }
  map.on('error', (e) => {
    const why = String(e.error && e.error.message || e);
    hm.errors.push(why);
    console.error('map error', e.error);
    say('The map could not load everything: ' + why, 'error');
  });
  map.on('load', () => { hm.loaded = true; });
  // Moves the map with move(map) and resolves once it has rendered everything (the 'idle' event).
  hm.settle = (move) => new Promise((resolve) => { map.once('idle', () => resolve(true)); move(map); map.triggerRepaint(); });
})().catch((e) => {
  console.error('harbormap viewer:', e);
  window.harbormap = Object.assign(window.harbormap || {}, { failed: String(e) });
  const s = document.getElementById('status');
  if (s) { s.textContent = 'The viewer could not start: ' + (e && e.message || e); s.className = 'error'; }
});
