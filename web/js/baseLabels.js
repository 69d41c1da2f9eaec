// Names on the offline base map: countries on either side of the border, towns and then villages
// as one zooms in, and districts in between. Everything comes from the atlas's own layers. The
// labels are decoration for sighted readers (the layers and popups carry the names), so they are
// hidden from screen readers, take no focus and let every click through.
import { features } from './api.js';
import { language, tOr } from './i18n.js';

/** Above the countries, border and settlement dots; below every incident layer. */
const PANE = 'baseLabels';
const PANE_Z = 450;
const MAX_LABELS = 150;
/** Clear space kept around each label, in pixels. */
const GAP = 3;
/** How far from the map's edge a label must stay, in pixels. */
const EDGE = 6;
/** About this many points of the view are tried as a country label's place. */
const GRID_POINTS = 700;
const VILLAGE_ZOOM = 11;
/** From the start of a settlement's label to the centre of its dot (see app.css). */
const DOT_CENTRE = 3;
const DISTRICT_ZOOMS = [8, 10];

const CODE_RANK = { PPLC: 0, PPLA: 1, PPLA2: 2 };

/**
 * A place's importance, 0 the highest: capitals, then provincial centres and large towns, then
 * other towns; everything else is a village.
 */
function tier(p) {
  const population = p.population ?? 0;
  if (p.feature_code === 'PPLC') return 0;
  if (p.feature_code === 'PPLA' || population >= 50000) return 1;
  if (p.feature_code === 'PPLA2' || population >= 5000) return 2;
  return 3;
}

const MIN_ZOOM = [5, 7, 8, VILLAGE_ZOOM];

/** Higher tier first, then larger population, then provincial rank. */
function byImportance(a, b) {
  return a.tier - b.tier || (b.population - a.population) || (a.rank - b.rank);
}

/** The name a reader of the page's language knows, where the gazetteer has it. */
function settlementName(p) {
  return p.name_by_language?.[language()] ?? p.name;
}

/** District names without the word for district, which is English in the gazetteer. */
function districtName(admin1) {
  return admin1.replace(/\s+(District|Rayon|Region|Province)$/i, '');
}

function boxesOverlap(a, b) {
  return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
}

export class BaseLabels extends L.Layer {
  /** countries: the country features as the page holds them (an array, possibly still empty). */
  constructor({ countries }) {
    super();
    this.countries = countries;
    this.settlements = [];
    this.projected = { zoom: null, rings: new Map() };
  }

  onAdd(map) {
    const pane = map.getPane(PANE) ?? map.createPane(PANE);
    pane.style.zIndex = PANE_Z;
    // Hidden while the map zooms: the labels are placed for one zoom and redrawn for the next.
    pane.classList.add('leaflet-zoom-hide');
    this.container = L.DomUtil.create('div', 'base-labels', pane);
    this.container.setAttribute('aria-hidden', 'true');
    this.loadSettlements();
    this.redraw();
  }

  onRemove() {
    cancelAnimationFrame(this.frame);
    this.container.remove();
    this.container = null;
  }

  getEvents() {
    return { moveend: this.redraw, resize: this.redraw };
  }

  /** The gazetteer, fetched once whether or not the settlements layer is shown. */
  loadSettlements() {
    this.loading ??= features('settlements', ['name', 'name_by_language', 'country', 'admin1', 'feature_code', 'population'], page => {
      for (const f of page) {
        const p = f.properties;
        const [lon, lat] = f.geometry.coordinates;
        this.settlements.push({
          id: f.id, properties: p, latlng: L.latLng(lat, lon), tier: tier(p),
          population: p.population ?? 0, rank: CODE_RANK[p.feature_code] ?? 9,
        });
      }
    }).then(() => {
      this.settlements.sort(byImportance);
      this.redraw();
    }).catch(() => {
      // Labels are decoration: without the gazetteer the map simply has fewer names.
      this.loading = null;
    });
  }

  /**
   * Places the labels of the current view afresh; also called when the language changes. It
   * waits a frame, so that the markers and clusters the move redraws are in place to be avoided.
   */
  redraw() {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  draw() {
    const map = this._map;
    if (!map || !this.container) return;
    this.container.replaceChildren();
    const zoom = map.getZoom();
    const size = map.getSize();
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    const view = { left: topLeft.x + EDGE, top: topLeft.y + EDGE, right: topLeft.x + size.x - EDGE, bottom: topLeft.y + size.y - EDGE };
    const bounds = map.getBounds();
    const { controls, markers } = this.obstacles();
    // What labels must not cover: the map's controls and the markers of incidents and villages.
    const taken = [...controls, ...markers];
    this.count = 0;

    const inView = this.settlements.filter(s => bounds.contains(s.latlng));
    const towns = inView.filter(s => s.tier < 3 && zoom >= MIN_ZOOM[s.tier]);
    const villages = zoom >= VILLAGE_ZOOM ? inView.filter(s => s.tier === 3) : [];

    const townLabels = this.measure(towns.slice(0, MAX_LABELS).map(s => this.settlementLabel(s, 'town')));
    // Country names go first, but around the towns where they can.
    const townBoxes = townLabels.map(label => pointBox(label, label.point.x - DOT_CENTRE));
    // Failing all else a country's name may lie under a marker, never under a control or a name.
    const underMarkers = () => [...controls, ...taken.slice(controls.length + markers.length)];
    for (const country of this.visibleCountries(bounds)) this.placeCountry(country, taken, view, townBoxes, underMarkers);
    this.placePoints(townLabels, taken, view, markers);
    if (zoom >= DISTRICT_ZOOMS[0] && zoom <= DISTRICT_ZOOMS[1]) {
      this.placeCentred(this.measure(this.districtLabels(inView, map)), taken, view);
    }
    if (this.count < MAX_LABELS && villages.length) {
      const candidates = villages.slice(0, (MAX_LABELS - this.count) * 3).map(s => this.settlementLabel(s, 'village'));
      this.placePoints(this.measure(candidates), taken, view, markers);
    }
    for (const label of this.container.children) label.style.visibility = '';
    this.container.dataset.zoom = String(zoom);
    this.container.dataset.settlements = String(this.settlements.length);
  }

  /** Boxes, in layer pixels, of the map's controls and of the markers on it. */
  obstacles() {
    const map = this._map;
    const container = map.getContainer();
    const origin = container.getBoundingClientRect();
    const boxOf = element => {
      const r = element.getBoundingClientRect();
      if (!r.width || !r.height) return null;
      const p = map.containerPointToLayerPoint([r.left - origin.left, r.top - origin.top]);
      return { left: p.x, top: p.y, right: p.x + r.width, bottom: p.y + r.height };
    };
    const all = selector => [...container.querySelectorAll(selector)].map(boxOf).filter(Boolean);
    return {
      controls: all('.leaflet-control'),
      markers: all('.leaflet-marker-icon, path.shelled-village'),
    };
  }

  settlementLabel(s, kind) {
    const element = L.DomUtil.create('div', `base-label base-label-${kind}`);
    element.textContent = settlementName(s.properties);
    element.dataset.kind = kind;
    element.dataset.id = s.id;
    return { element, point: this._map.latLngToLayerPoint(s.latlng) };
  }

  /** One label per district with places in view, at the mean position of those places. */
  districtLabels(inView, map) {
    const districts = new Map();
    for (const s of inView) {
      const key = `${s.properties.country}|${s.properties.admin1}`;
      if (!s.properties.admin1) continue;
      const d = districts.get(key) ?? { admin1: s.properties.admin1, lat: 0, lon: 0, n: 0, population: 0 };
      d.lat += s.latlng.lat;
      d.lon += s.latlng.lng;
      d.n += 1;
      d.population += s.population;
      districts.set(key, d);
    }
    return [...districts.values()].sort((a, b) => b.n - a.n || b.population - a.population).slice(0, 40).map(d => {
      const element = L.DomUtil.create('div', 'base-label base-label-district');
      element.textContent = districtName(d.admin1);
      element.dataset.kind = 'district';
      element.dataset.admin1 = d.admin1;
      return { element, point: map.latLngToLayerPoint([d.lat / d.n, d.lon / d.n]) };
    });
  }

  /** Adds the elements, unseen, and reads all their sizes in one layout. */
  measure(labels) {
    for (const label of labels) {
      label.element.style.visibility = 'hidden';
      this.container.append(label.element);
    }
    for (const label of labels) {
      label.width = label.element.offsetWidth;
      label.height = label.element.offsetHeight;
    }
    return labels;
  }

  /**
   * Point labels: the dot on the place, the name to its right, else to its left; beside the
   * marker when one stands on the place. Greedy, most important first.
   */
  placePoints(labels, taken, view, markers) {
    for (const label of labels) {
      let box = pointBox(label, label.point.x - DOT_CENTRE);
      if (!this.fits(box, taken, view)) {
        // The name to the left of its dot, where the right is taken or beyond the edge.
        const left = pointBox(label, label.point.x + DOT_CENTRE - label.width);
        if (this.fits(left, taken, view)) {
          label.element.classList.add('base-label-left');
          box = left;
        } else {
          box = besideMarkers(label, markers);
        }
      }
      if (box && this.count < MAX_LABELS && this.fits(box, taken, view)) this.take(label, box, taken);
      else label.element.remove();
    }
  }

  /** Area labels centred on their point. */
  placeCentred(labels, taken, view) {
    for (const label of labels) {
      const box = centredBox(label.point, label);
      if (this.count < MAX_LABELS && this.fits(box, taken, view)) this.take(label, box, taken);
      else label.element.remove();
    }
  }

  take(label, box, taken) {
    L.DomUtil.setPosition(label.element, L.point(box.left, box.top));
    taken.push(box);
    this.count++;
  }

  fits(box, taken, view) {
    return box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom
      && !taken.some(other => boxesOverlap(box, other));
  }

  /** Countries that reach into the view, the two of the atlas first. */
  visibleCountries(bounds) {
    const first = iso => (['AM', 'AZ'].includes(iso) ? 0 : 1);
    return (this.countries() ?? [])
      .filter(f => f.geometry && this.boundsOf(f).intersects(bounds))
      .sort((a, b) => first(a.properties.iso_a2) - first(b.properties.iso_a2));
  }

  boundsOf(country) {
    this.countryBounds ??= new WeakMap();
    let b = this.countryBounds.get(country);
    if (!b) {
      b = L.geoJSON(country).getBounds();
      this.countryBounds.set(country, b);
    }
    return b;
  }

  /**
   * A country's name well inside the part of it that is on screen: of points spread over the
   * view, those inside the country are tried farthest from its outline and the view's edges
   * first. Best is a place where the label lies wholly inside, clear of the towns' names; failing
   * that it may cover towns (their names then give way), then it may touch the outline, and last
   * it may lie under a marker.
   */
  placeCountry(country, taken, view, townBoxes, underMarkers) {
    const iso = country.properties.iso_a2;
    const element = L.DomUtil.create('div', 'base-label base-label-country');
    element.textContent = tOr(`baseMap.country.${iso}`, country.properties.name);
    element.dataset.kind = 'country';
    element.dataset.country = iso;
    const [label] = this.measure([{ element }]);
    const segments = this.segmentsNear(country, view);
    const step = Math.max(8, Math.sqrt(((view.right - view.left) * (view.bottom - view.top)) / GRID_POINTS));
    const candidates = [];
    for (let y = view.top + label.height / 2; y <= view.bottom - label.height / 2; y += step) {
      const crossing = segments.filter(s => (s.ay > y) !== (s.by > y));
      for (let x = view.left + label.width / 2; x <= view.right - label.width / 2; x += step) {
        if (!inside(x, y, crossing)) continue;
        const c = clearance(x, y, segments);
        // The visible part of the country is bounded by the view's edges as well as its outline.
        const edges = Math.min(x - view.left, view.right - x, y - view.top, view.bottom - y);
        // A wide name may reach across the outline though its centre is far from it: the whole box stays inside.
        if (c >= label.height / 2 + 1 && !segments.some(s => meetsBox(s, centredBox({ x, y }, label)))) {
          candidates.push({ x, y, clearance: c, score: Math.min(c, edges) });
        }
      }
    }
    candidates.sort((a, b) => b.score - a.score);
    const whole = Math.hypot(label.width / 2, label.height / 2);
    const passes = [
      c => c.clearance >= whole && this.fits(centredBox(c, label), [...taken, ...townBoxes], view),
      c => c.clearance >= whole && this.fits(centredBox(c, label), taken, view),
      c => this.fits(centredBox(c, label), taken, view),
      c => this.fits(centredBox(c, label), underMarkers(), view),
    ];
    for (const pass of passes) {
      const c = candidates.find(pass);
      if (c) {
        this.take(label, centredBox(c, label), taken);
        return;
      }
    }
    element.remove();
  }

  /**
   * The country's outline in layer pixels at this zoom, as segments, keeping those that can
   * matter for the view: any that cross its rows (for the inside test) or come near it.
   */
  segmentsNear(country, view) {
    const rings = this.projectedRings(country);
    const out = [];
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[j];
        const b = ring[i];
        if (Math.max(a.y, b.y) < view.top || Math.min(a.y, b.y) > view.bottom) continue;
        out.push({ ax: a.x, ay: a.y, bx: b.x, by: b.y });
      }
    }
    return out;
  }

  /** Every ring of the country, projected once per zoom and thinned to about a pixel. */
  projectedRings(country) {
    const map = this._map;
    const zoom = map.getZoom();
    const origin = map.getPixelOrigin();
    const key = `${zoom}|${origin.x}|${origin.y}`;
    if (this.projected.key !== key) this.projected = { key, rings: new Map() };
    let rings = this.projected.rings.get(country);
    if (!rings) {
      const g = country.geometry;
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      rings = [];
      for (const polygon of polygons) {
        for (const ring of polygon) {
          const points = [];
          for (const [lon, lat] of ring) {
            const p = map.latLngToLayerPoint([lat, lon]);
            const last = points[points.length - 1];
            if (!last || Math.abs(last.x - p.x) + Math.abs(last.y - p.y) >= 1) points.push(p);
          }
          if (points.length >= 3) rings.push(points);
        }
      }
      this.projected.rings.set(country, rings);
    }
    return rings;
  }
}

/** A settlement's label starting at left, centred on its place's row. */
function pointBox(label, left) {
  return { left, top: label.point.y - label.height / 2, right: left + label.width, bottom: label.point.y + label.height / 2 };
}

/**
 * The label moved to the right of the markers standing on its place (an incident, its cluster,
 * the ring of a shelled village), or null when none does.
 */
function besideMarkers(label, markers) {
  const on = markers.filter(m => contains(m, label.point));
  if (!on.length) return null;
  let box = pointBox(label, Math.max(...on.map(m => m.right)) + GAP + 1);
  for (let i = 0; i < 4; i++) {
    const hit = markers.find(m => boxesOverlap(box, m));
    if (!hit) break;
    box = pointBox(label, hit.right + GAP + 1);
  }
  label.element.classList.add('base-label-beside');
  return box;
}

function contains(box, point) {
  return point.x >= box.left && point.x <= box.right && point.y >= box.top && point.y <= box.bottom;
}

function centredBox(point, label) {
  return {
    left: point.x - label.width / 2, top: point.y - label.height / 2,
    right: point.x + label.width / 2, bottom: point.y + label.height / 2,
  };
}

/** Even–odd rule over the segments that cross the point's row: holes and islands come out right. */
function inside(x, y, crossing) {
  let odd = false;
  for (const s of crossing) {
    if (x < s.ax + ((y - s.ay) * (s.bx - s.ax)) / (s.by - s.ay)) odd = !odd;
  }
  return odd;
}

/** Whether the segment touches the box (Liang–Barsky clipping). */
function meetsBox(s, box) {
  const dx = s.bx - s.ax;
  const dy = s.by - s.ay;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [[-dx, s.ax - box.left], [dx, box.right - s.ax], [-dy, s.ay - box.top], [dy, box.bottom - s.ay]]) {
    if (p === 0) {
      if (q < 0) return false;
    } else if (p < 0) {
      t0 = Math.max(t0, q / p);
    } else {
      t1 = Math.min(t1, q / p);
    }
    if (t0 > t1) return false;
  }
  return true;
}

/** Distance from the point to the nearest segment of the outline. */
function clearance(x, y, segments) {
  let best = Infinity;
  for (const s of segments) {
    const dx = s.bx - s.ax;
    const dy = s.by - s.ay;
    const length2 = dx * dx + dy * dy;
    const t = length2 ? Math.max(0, Math.min(1, ((x - s.ax) * dx + (y - s.ay) * dy) / length2)) : 0;
    best = Math.min(best, Math.hypot(x - s.ax - t * dx, y - s.ay - t * dy));
  }
  return best;
}
