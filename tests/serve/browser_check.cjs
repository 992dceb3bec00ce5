// The viewer in headless Chromium: no console errors, the map renders (WebGL via SwiftShader),
// queryRenderedFeatures at Piraeus returns it, a click opens a popup with its source URL, MapLibre draws
// the port labels (symbol layers) with the build's glyphs (every glyph request answered 200, no map
// error), a route from /api/route is drawn, the screenshot is not blank; then the same page on the
// PMTiles file and the static bundle of `export web`.
// usage: node browser_check.cjs HARBORMAP OUT_DIR CHROMIUM WORK_DIR
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [hm, out, chrome, work] = process.argv.slice(2);
fs.mkdirSync(work, { recursive: true });
let failures = 0, passes = 0;
const check = (ok, what) => { if (ok) { passes++; console.log('ok   ' + what); } else { failures++; console.log('FAIL ' + what); } };

function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(hm, ['serve', out, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => {
      err += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) resolve({ proc: p, url: m[0], log: () => err });
    });
    p.on('exit', (code) => reject(new Error('server exited ' + code + ': ' + err)));
  });
}

// A minimal static file server with HTTP range requests (what a static host does) for the export bundle;
// ranges counts the 206 answers.
function staticServer(root) {
  const http = require('http');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
      const file = path.join(root, rel);
      if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); return res.end(); }
      const size = fs.statSync(file).size, type = types[path.extname(file)] || 'application/octet-stream';
      const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
      if (m) {
        served.ranges++;
        const start = Number(m[1]), end = Math.min(m[2] ? Number(m[2]) : size - 1, size - 1);
        res.writeHead(206, { 'Content-Type': type, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes' });
        return fs.createReadStream(file, { start, end }).pipe(res);
      }
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' });
      fs.createReadStream(file).pipe(res);
    });
    const served = { srv, ranges: 0 };
    srv.listen(0, '127.0.0.1', () => resolve(Object.assign(served, { url: `http://127.0.0.1:${srv.address().port}/` })));
  });
}

// python3 -m http.server on the bundle: a real static server without HTTP range requests (it answers a
// Range request with 200 and the whole file).  Resolves with its URL and its request log.
function pythonServer(root) {
  return new Promise((resolve, reject) => {
    const p = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root], { stdio: ['ignore', 'pipe', 'pipe'] });
    process.on('exit', () => p.kill('SIGTERM')); // also when a check throws: no server left behind
    let outText = '', errText = '';
    p.stderr.on('data', (d) => { errText += d; });
    p.stdout.on('data', (d) => {
      outText += d;
      const m = /port (\d+)/.exec(outText);
      if (m) resolve({ proc: p, url: `http://127.0.0.1:${m[1]}/`, log: () => errText });
    });
    p.on('error', reject);
    p.on('exit', (code) => reject(new Error('python3 -m http.server exited ' + code + ': ' + errText)));
  });
}

// Selects each value a filter of the viewer offers (select #selectId), at a world view; returns the ports drawn
// per value and those of them /api/ports?param=value on the harbormap server at apiBase does not list (the
// status and confidence filters are those of `ports list` and /api/ports), and for the status filter the
// terminal statuses that server's 400 answer lists.
async function filterCheck(page, apiBase, selectId, param) {
  const seen = await page.evaluate(async (selectId) => {
    const hm = window.harbormap, sel = document.getElementById(selectId);
    const offered = Array.from(sel.options).map((o) => o.value).filter(Boolean);
    const out = { offered, label: sel.closest('label').innerText, hint: (document.getElementById('f-status-hint') || {}).innerText || '', drawn: {} };
    await hm.settle((m) => m.jumpTo({ center: [20, 15], zoom: 1 }));
    for (const v of offered) {
      sel.value = v;
      sel.dispatchEvent(new Event('change')); // as a user's choice; the viewer keeps the filtering promise
      await hm.filtering;
      await hm.settle((m) => m.triggerRepaint());
      out.drawn[v] = [...new Set(hm.map.queryRenderedFeatures().filter((f) => f.sourceLayer === 'ports').map((f) => f.properties.port_id))];
    }
    sel.value = '';
    sel.dispatchEvent(new Event('change'));
    await hm.filtering;
    return out;
  }, selectId);
  const unknown = await (await fetch(apiBase + 'api/ports?status=no-such-status')).json();
  seen.terminal = ((/terminal statuses: ([^)]*)\)/.exec(unknown.message) || [])[1] || '').split(', ').filter(Boolean);
  seen.bad = [];
  for (const v of seen.offered) {
    const r = await fetch(apiBase + 'api/ports?limit=1000&' + param + '=' + encodeURIComponent(v));
    const ids = new Set(r.ok ? (await r.json()).ports.map((p) => p.port_id) : []);
    for (const id of seen.drawn[v]) if (!ids.has(id)) seen.bad.push(v + ':' + id);
    seen.drawn[v] = seen.drawn[v].length;
  }
  return seen;
}

// PNG decode (8-bit RGBA/RGB, non-interlaced) with zlib: enough to count colours of a screenshot.
function pngPixels(buf) {
  const zlib = require('zlib');
  let pos = 8, w = 0, h = 0, ct = 0; const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), type = buf.toString('ascii', pos + 4, pos + 8), data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') { w = data.readUInt32BE(0); h = data.readUInt32BE(4); ct = data[9]; }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const bpp = ct === 6 ? 4 : 3, raw = zlib.inflateSync(Buffer.concat(idat)), stride = w * bpp;
  const px = Buffer.alloc(h * stride);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? px[y * stride + x - bpp] : 0, b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? px[(y - 1) * stride + x - bpp] : 0;
      let v = line[x];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      px[y * stride + x] = v & 255;
    }
  }
  return { w, h, bpp, px };
}

// The build's style against the MapLibre style spec (the validator maplibre-gl itself depends on): the
// symbol layers and their glyphs URL are valid; without `glyphs` the same layers are not.
function validateStyle() {
  const spec = require('@maplibre/maplibre-gl-style-spec'); // installed with maplibre-gl (install_vendor.sh)
  const style = JSON.parse(fs.readFileSync(path.join(out, 'styles', 'harbormap.style.json'), 'utf8'));
  const errs = spec.validateStyleMin(style).map((e) => e.message);
  check(errs.length === 0, 'the build\'s style validates against the MapLibre style spec' + (errs.length ? ': ' + errs.join(' | ') : ''));
  const labels = style.layers.filter((l) => l.type === 'symbol');
  check(labels.length >= 3 && labels.every((l) => l.metadata && l.metadata['harbormap:label']),
        'symbol layers with their harbormap:label: ' + labels.map((l) => l.id).join(', '));
  const noGlyphs = Object.assign({}, style);
  delete noGlyphs.glyphs;
  check(spec.validateStyleMin(noGlyphs).some((e) => /glyphs/.test(e.message)), 'the validator refuses the labels without glyphs');
}

(async () => {
  validateStyle();
  const server = await startServer();
  const browser = await puppeteer.launch({
    executablePath: chrome, headless: true, protocolTimeout: 120000,
    userDataDir: fs.mkdtempSync(path.join(work, 'profile-')),
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
           '--disable-default-apps', '--disable-extensions', '--window-size=1200,800',
           // nothing but this machine can answer: a CDN request would fail (and show as an error)
           '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 800 });
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('requestfailed', (r) => consoleErrors.push('request failed: ' + r.url()));
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const glyphStatus = []; // [url, status] of every glyph range MapLibre fetched
    page.on('response', (r) => { if (/\/glyphs\//.test(r.url())) glyphStatus.push([r.url(), r.status()]); });

    for (const mode of ['', '?source=pmtiles']) {
      const what = mode ? ' (PMTiles)' : ' (MBTiles tiles)';
      await page.goto(server.url + mode, { waitUntil: 'load' });
      await page.waitForFunction(() => window.harbormap && (window.harbormap.loaded || window.harbormap.failed), { timeout: 60000 });
      check(!(await page.evaluate(() => window.harbormap.failed)), 'viewer started' + what);
      check(await page.evaluate(() => !!document.createElement('canvas').getContext('webgl')), 'WebGL available (SwiftShader)');
      // the known view: Piraeus at zoom 6
      await page.evaluate(() => window.harbormap.settle((m) => m.jumpTo({ center: [23.62, 37.94], zoom: 6 })));
      const hit = await page.evaluate(() => {
        const map = window.harbormap.map;
        const p = map.project([23.6167, 37.9333]);
        const fs = map.queryRenderedFeatures([[p.x - 10, p.y - 10], [p.x + 10, p.y + 10]]);
        const f = fs.find((x) => x.sourceLayer === 'ports' && x.properties.unlocode === 'GRPIR');
        return f ? { x: map.project(f.geometry.coordinates).x, y: map.project(f.geometry.coordinates).y, name: f.properties.name } : null;
      });
      check(hit !== null, 'queryRenderedFeatures at the Piraeus view returns Piraeus (GRPIR)' + what);
      if (!hit) continue;
      await page.mouse.click(hit.x, hit.y);
      await page.waitForSelector('.maplibregl-popup .popup', { timeout: 10000 }).catch(() => null);
      const popup = await page.evaluate(() => { const p = document.querySelector('.maplibregl-popup .popup'); return p ? p.innerText : ''; });
      check(popup.includes('Piraievs') || popup.includes('Piraeus'), 'the click opens the popup of Piraeus' + what);
      check(popup.includes('https://new.informare.it/news/gennews/2008/20082066.asp'), 'the popup lists the source URL' + what);
      check(/confidence high/.test(popup) && /date /.test(popup), 'the popup gives confidence and date' + what);
      check(popup.split('https://new.informare.it/news/gennews/2008/20082066.asp').length === 2 && popup.includes('ZPMC STS ×19') &&
            popup.includes('date 2020-06-02'), 'the popup lists each fact once, the ZPMC crane rows with count and date' + what);
      // the labels are MapLibre's: symbol features of the style's label layers, placed with the glyphs
      const labels = await page.evaluate(() => window.harbormap.map.queryRenderedFeatures({ layers: window.harbormap.labelLayers })
        .map((f) => f.properties.name));
      check(labels.includes('Piraeus'), 'MapLibre placed the label "Piraeus" (' + labels.length + ' labels at the Piraeus view)' + what);
      check(await page.evaluate(() => document.querySelectorAll('#labels span').length === 0), 'no DOM labels (MapLibre draws them)' + what);
      // land under the ports: the build's countries basemap (the page had no coast at all)
      const land = await page.evaluate(() => window.harbormap.map.queryRenderedFeatures({ layers: ['basemap-land'] }).length);
      check(land > 0, 'the countries basemap is drawn under the tiles (' + land + ' land features at the Piraeus view)' + what);
      // the legend speaks the analyst's words: each row is its style layer's harbormap:label (the QGIS rule's label)
      const legend = await page.evaluate(() => Array.from(document.querySelectorAll('#legend .legend-row')).map((r) => r.innerText.trim()));
      check(legend.includes('PRC-operated port, COSCO Shipping Ports') && legend.includes('ZPMC crane row') && !legend.some((t) => t.includes('=')) &&
            new Set(legend).size === legend.length,
            'legend rows are the style labels, each once (' + new Set(legend).size + ' distinct of ' + legend.length + ' rows, e.g. ' + legend.slice(0, 3).join(' | ') + ')' + what);
    }
    // route between two ports (the server's /api/route), drawn as a line
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.harbormap && window.harbormap.loaded, { timeout: 60000 });
    const route = await page.evaluate(async () => {
      const j = await window.harbormap.routeBetween('GRPIR', 'NLRTM');
      const map = window.harbormap.map;
      await window.harbormap.settle((m) => m.fitBounds([[-10, 34], [27, 54]], { duration: 0 }));
      const lines = map.queryRenderedFeatures({ layers: ['route-line'] });
      return { status: j.status, nm: j.distance_nm, rendered: lines.length, gates: document.querySelectorAll('#route-gates input').length };
    });
    check(route.status === 'ok' && route.nm > 2000, 'route GRPIR-NLRTM from /api/route: ' + route.nm + ' nm');
    check(route.rendered > 0, 'the route line is rendered (' + route.rendered + ' features)');
    check(route.gates > 0, 'gate toggles for the crossed gates (' + route.gates + ')');
    // labels at the route's view (Europe, zoom about 3): key ports in bold, placed by priority without overlaps
    const eu = await page.evaluate(() => {
      const map = window.harbormap.map;
      const feats = map.queryRenderedFeatures({ layers: window.harbormap.labelLayers });
      return { names: feats.map((f) => f.properties.name), layers: [...new Set(feats.map((f) => f.layer.id))], zoom: map.getZoom(),
               errors: window.harbormap.errors.slice() };
    });
    check(eu.names.includes('Rotterdam') && eu.names.includes('Piraeus'),
          'labels "Rotterdam" and "Piraeus" rendered at the Europe view (z' + eu.zoom.toFixed(1) + ', ' + eu.names.length + ' labels: ' +
          eu.names.slice(0, 12).join(', ') + ')');
    check(eu.layers.includes('ports-label-key'), 'key-port labels come from the symbol layer ports-label-key (' + eu.layers.join(', ') + ')');
    check(glyphStatus.length > 0 && glyphStatus.every(([, st]) => st === 200 || st === 304),
          'every glyph range request answered 200 or 304 (' + glyphStatus.length + ': ' + [...new Set(glyphStatus.map(([u]) => decodeURIComponent(u.replace(/^.*\/glyphs\//, ''))))].join(', ') + ')');
    check(eu.errors.length === 0, 'no map error event' + (eu.errors.length ? ': ' + eu.errors.join(' | ') : ''));
    await page.screenshot({ path: path.join(work, 'viewer-labels-europe.png') });
    // tiles are fetched by MapLibre's workers: the server's access log says what was asked
    const log = server.log();
    check(/GET \/tiles\/\d+\/\d+\/\d+\.pbf 200/.test(log), 'tiles came from /tiles/ (MBTiles)');
    check(/GET \/harbormap\.pmtiles 206/.test(log), 'range requests on the PMTiles file (206)');
    check(!requests.some((u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')), 'no request leaves the server (no CDN)');
    const shot = path.join(work, 'viewer.png');
    await page.screenshot({ path: shot });
    const { w, h, bpp, px } = pngPixels(fs.readFileSync(shot));
    const colours = new Set(); let magenta = 0, red = 0;
    for (let i = 0; i < w * h; i++) {
      const r = px[i * bpp], g = px[i * bpp + 1], b = px[i * bpp + 2];
      colours.add((r >> 3) << 10 | (g >> 3) << 5 | (b >> 3));
      if (r > 200 && g < 40 && b > 100) magenta++;   // the route (#e6007e)
      if (r > 190 && g < 60 && b < 60) red++;        // COSCO's PRC-operated ports (#c62828, data/styles/symbols.json)
    }
    check(colours.size > 50, 'screenshot is not blank: ' + colours.size + ' distinct colours (' + shot + ')');
    check(magenta > 200, 'the route is visible in the screenshot (' + magenta + ' route pixels)');
    check(red > 20, 'PRC-operated ports are visible in the screenshot (' + red + ' red pixels)');
    // the viewer's status filter is `ports list --status` (/api/ports?status=): the ports drawn are those with
    // a terminal row of that status; a BRI project's or LOGINK agreement's status does not count, and the
    // filter offers terminal statuses only.  The status and confidence filters tested the ports' provenance,
    // which the tiles do not carry: any choice hid every port.
    const serverStatus = await filterCheck(page, server.url, 'f-status', 'status');
    check(serverStatus.label.startsWith('Terminal status') && serverStatus.hint.includes('ports list --status'),
          'the status filter says it is about terminal rows: "' + serverStatus.label.trim() + '"');
    check(serverStatus.offered.length > 0 && serverStatus.offered.every((st) => serverStatus.terminal.includes(st)),
          'the status filter offers terminal statuses only (' + serverStatus.offered.join(', ') + '; /api/ports: ' + serverStatus.terminal.join(', ') + ')');
    check(serverStatus.bad.length === 0 && serverStatus.drawn.active > 0 && serverStatus.drawn.cancelled > 0,
          'status filter: the ports drawn have a terminal row of that status, as /api/ports?status= (drawn: ' +
          JSON.stringify(serverStatus.drawn) + (serverStatus.bad.length ? '; not in /api/ports: ' + serverStatus.bad.slice(0, 8).join(', ') : '') + ')');
    const serverConf = await filterCheck(page, server.url, 'f-confidence', 'min_confidence');
    check(serverConf.bad.length === 0 && serverConf.offered.length > 0 && serverConf.offered.every((c) => serverConf.drawn[c] > 0),
          'confidence filter: the ports drawn have a fact of at least that confidence, as /api/ports?min_confidence= (drawn: ' +
          JSON.stringify(serverConf.drawn) + (serverConf.bad.length ? '; not in /api/ports: ' + serverConf.bad.slice(0, 8).join(', ') : '') + ')');
    // a phone (390 x 844): the map across the width above the panel (the 300 px panel beside it left the map
    // 90 px), and a port's popup inside the map, not under the panel
    await page.setViewport({ width: 390, height: 844 });
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.harbormap && window.harbormap.loaded, { timeout: 60000 });
    const pp = await page.evaluate(async () => {
      await window.harbormap.settle((m) => m.jumpTo({ center: [23.62, 37.94], zoom: 6 }));
      const map = window.harbormap.map, p = map.project([23.6167, 37.9333]);
      const f = map.queryRenderedFeatures([[p.x - 10, p.y - 10], [p.x + 10, p.y + 10]]).find((x) => x.properties.unlocode === 'GRPIR');
      return f ? map.project(f.geometry.coordinates) : null;
    });
    if (pp) {
      await page.mouse.click(pp.x, pp.y);
      await page.waitForSelector('.maplibregl-popup .popup', { timeout: 10000 }).catch(() => null);
    }
    const phone = await page.evaluate(() => {
      const r = (s) => { const e = document.querySelector(s); if (!e) return null; const b = e.getBoundingClientRect(); return { l: b.left, t: b.top, r: b.right, b: b.bottom }; };
      return { map: r('#map'), panel: r('#panel'), popup: r('.maplibregl-popup') };
    });
    check(phone.map.l === 0 && phone.map.r === 390 && phone.map.b - phone.map.t >= 420 && phone.panel.t >= phone.map.b - 1 && phone.panel.r === 390,
          'phone: the map across the width above the panel (map ' + JSON.stringify(phone.map) + ', panel ' + JSON.stringify(phone.panel) + ')');
    check(phone.popup !== null && phone.popup.l >= 0 && phone.popup.r <= 390 && phone.popup.t >= 0 && phone.popup.b <= phone.map.b + 1,
          'phone: the popup of Piraeus inside the map (' + JSON.stringify(phone.popup) + ')');
    await page.setViewport({ width: 1200, height: 800 });
    // the PRC group filter offers the legend's groups: "China Merchants" draws the ports /api/ports?group=China
    // Merchants lists (CMPort and CMPort-TerminalLink), not only those of the key CMPort
    const groupDrawn = await page.evaluate(async () => {
      const hm = window.harbormap, sel = document.getElementById('f-group'), out = { offered: Array.from(sel.options).map((o) => o.value) };
      await hm.settle((m) => m.jumpTo({ center: [20, 15], zoom: 1 }));
      for (const v of ['China Merchants', 'CMPort']) {
        sel.value = v;
        sel.dispatchEvent(new Event('change'));
        await hm.filtering;
        await hm.settle((m) => m.triggerRepaint());
        out[v] = [...new Set(hm.map.queryRenderedFeatures().filter((f) => f.sourceLayer === 'ports').map((f) => f.properties.port_id))];
      }
      sel.value = '';
      sel.dispatchEvent(new Event('change'));
      await hm.filtering;
      return out;
    });
    const cmApi = (await (await fetch(server.url + 'api/ports?limit=1000&group=China%20Merchants')).json()).ports.map((p) => p.port_id);
    check(groupDrawn.offered.includes('China Merchants') && groupDrawn['China Merchants'] &&
          groupDrawn['China Merchants'].length === cmApi.length && groupDrawn['China Merchants'].every((id) => cmApi.includes(id)) &&
          groupDrawn['China Merchants'].length > groupDrawn.CMPort.length,
          'group filter "China Merchants" (a legend group) draws the ' + cmApi.length + ' ports of /api/ports?group=China Merchants (drawn: ' +
          (groupDrawn['China Merchants'] || []).length + '; key CMPort alone: ' + (groupDrawn.CMPort || []).length + ')');
    // the static bundle of `harbormap export web`, on a plain static server: PMTiles, facts.json, no API
    const bundle = path.join(work, 'bundle');
    const ex = require('child_process').spawnSync(hm, ['--out', out, 'export', 'web', bundle, '--overwrite'], { encoding: 'utf8' });
    check(ex.status === 0, 'export web wrote the bundle' + (ex.status ? ': ' + ex.stderr : ''));
    // its hint is what the checks below find: any static server, python3 -m http.server too (the whole archive)
    check(/any static server/.test(ex.stderr) && /without \(python3 -m http\.server\) the viewer loads the whole tile archive \([\d.]+ MB\) once/.test(ex.stderr) &&
          !/not python3/.test(ex.stderr), 'export web says any static server will do, python3 -m http.server with the whole archive: ' + ex.stderr.trim());
    // on a static server with range requests (the node one below) and on python3 -m http.server, which has
    // none: the viewer reads the whole archive once and says so (the map was blank, the page silent)
    const st = await staticServer(path.resolve(bundle));
    const py = await pythonServer(path.resolve(bundle));
    for (const [host, what] of [[st, 'static bundle'], [py, 'static bundle on python3 -m http.server (no ranges)']]) {
      await page.goto(host.url, { waitUntil: 'load' });
      await page.waitForFunction(() => window.harbormap && (window.harbormap.loaded || window.harbormap.failed), { timeout: 60000 }).catch(() => null);
      const started = await page.evaluate(() => !!(window.harbormap && window.harbormap.loaded && !window.harbormap.failed));
      check(started, what + ': viewer started, the map loaded');
      if (!started) continue;
      await page.evaluate(() => window.harbormap.settle((m) => m.jumpTo({ center: [23.62, 37.94], zoom: 6 })));
      const sp = await page.evaluate(() => {
        const map = window.harbormap.map, p = map.project([23.6167, 37.9333]);
        const f = map.queryRenderedFeatures([[p.x - 10, p.y - 10], [p.x + 10, p.y + 10]]).find((x) => x.properties.unlocode === 'GRPIR');
        return f ? map.project(f.geometry.coordinates) : null;
      });
      check(sp !== null, what + ': Piraeus rendered from the PMTiles file');
      const staticLabels = await page.evaluate(() => window.harbormap.map.queryRenderedFeatures({ layers: window.harbormap.labelLayers })
        .map((f) => f.properties.name));
      check(staticLabels.includes('Piraeus'), what + ': the label "Piraeus" drawn with the bundled glyphs (' + staticLabels.length + ' labels)');
      const staticLand = await page.evaluate(() => window.harbormap.map.queryRenderedFeatures({ layers: ['basemap-land'] }).length);
      check(staticLand > 0, what + ': the bundled countries basemap is drawn (' + staticLand + ' land features)');
      const staticGlyphs = glyphStatus.filter(([u]) => u.startsWith(host.url));
      check(staticGlyphs.length > 0 && staticGlyphs.every(([, code]) => code === 200 || code === 304),
            what + ': glyphs fetched from the bundle, every request answered 200 (' + staticGlyphs.length + ')');
      const status = await page.evaluate(() => ({ whole: window.harbormap.wholeArchive || 0, text: (document.getElementById('status') || {}).innerText || '',
                                                  errors: window.harbormap.errors.slice() }));
      check(status.errors.length === 0, what + ': no map error event' + (status.errors.length ? ': ' + status.errors.join(' | ') : ''));
      if (host === st) {
        check(st.ranges > 0 && status.whole === 0 && status.text === '',
              what + ': tiles read by range requests (' + st.ranges + ' answered 206), the whole archive never loaded, no status note');
      } else {
        check(/"GET \/harbormap\.pmtiles HTTP\/1\.1" 200/.test(py.log()) && !/" 206 /.test(py.log()),
              what + ': the server answered the archive with 200, never 206');
        check(status.whole === fs.statSync(path.join(bundle, 'harbormap.pmtiles')).size && /ignores HTTP range requests/.test(status.text),
              what + ': the whole archive (' + status.whole + ' bytes) read once, and the page says why: "' + status.text.slice(0, 80) + '..."');
        check((py.log().match(/GET \/harbormap\.pmtiles /g) || []).length === 1, what + ': one request for the archive');
      }
      if (sp) {
        await page.mouse.click(sp.x, sp.y);
        await page.waitForSelector('.maplibregl-popup .popup', { timeout: 10000 }).catch(() => null);
        const text = await page.evaluate(() => { const p = document.querySelector('.maplibregl-popup .popup'); return p ? p.innerText : ''; });
        check(text.includes('https://new.informare.it/news/gennews/2008/20082066.asp'), what + ': the popup lists the source URL (facts.json)');
      }
      check(await page.evaluate(() => document.getElementById('route-mode').disabled), what + ': routing is off (no server)');
      if (host === st) {
        // the static copy's status filter (terminal rows of facts.json) draws the ports /api/ports?status= lists
        for (const [sel, param, ref] of [['f-status', 'status', serverStatus], ['f-confidence', 'min_confidence', serverConf]]) {
          const got = await filterCheck(page, server.url, sel, param);
          check(JSON.stringify(got.offered) === JSON.stringify(ref.offered) && got.bad.length === 0 && JSON.stringify(got.drawn) === JSON.stringify(ref.drawn) &&
                Object.values(got.drawn).every((n) => n > 0),
                what + ': the ' + param + ' filter draws the ports of /api/ports?' + param + '= (' + JSON.stringify(got.drawn) +
                (got.bad.length ? '; not in /api/ports: ' + got.bad.slice(0, 8).join(', ') : '') + ')');
        }
      }
    }
    st.srv.close();
    py.proc.kill('SIGTERM');
    check(consoleErrors.length === 0, 'no console errors' + (consoleErrors.length ? ': ' + consoleErrors.join(' | ') : ''));
  } finally {
    await browser.close();
    server.proc.kill('SIGTERM');
  }
  console.log(passes + ' passed, ' + failures + ' failed');
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.log('FAIL ' + (e.stack || e)); process.exit(1); });
