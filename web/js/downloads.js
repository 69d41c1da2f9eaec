// Downloads from the map: every format /download/{layer}.{format} offers, named as people know
// them (GeoJSON, GeoPackage, Shapefile), for a whole layer in the layer panel and for what the map
// shows in "Download what I see". Which formats a layer has comes from its collection's
// enclosure links, so the page offers what the server serves.
import { t } from './i18n.js';
import { escape } from './text.js';

/** The formats in the order offered; the first is chosen until the reader picks another. */
export const FORMATS = ['geojson', 'csv', 'kml', 'gpkg', 'zip'];

/** The formats of a collection: those of its enclosure links that the page can name. */
export function formatsOf(collection) {
  const served = new Set((collection.links ?? []).filter(l => l.rel === 'enclosure')
    .map(l => l.href.match(/\.(\w+)(?:\?|$)/)?.[1]));
  const known = FORMATS.filter(f => served.has(f));
  // A catalogue without enclosure links (an older server) still has the GeoJSON download.
  return known.length ? known : ['geojson'];
}

export function formatName(format) {
  return t(`download.format.${format}`);
}

export function downloadHref(layerId, format, query = null) {
  const q = query?.toString();
  return `/download/${encodeURIComponent(layerId)}.${format}${q ? `?${q}` : ''}`;
}

/**
 * The whole-layer downloads of a layer's row in the panel: a folded list (a <details>, opened by
 * Enter or Space on its summary) of one link per format, so that the row stays one line on a phone.
 */
export function layerDownloadsHtml(collection, title) {
  const links = formatsOf(collection).map(f => `<a class="layer-download" href="${escape(downloadHref(collection.id, f))}" download`
    + ` aria-label="${escape(t('panel.downloadLayerAs', { layer: title, format: formatName(f) }))}">${escape(formatName(f))}</a>`).join('');
  // Links side by side, not a nested list: a row of the layer list stays one item.
  return `<details class="layer-downloads"><summary aria-label="${escape(t('panel.downloadLayer', { layer: title }))}">`
    + `${escape(t('panel.download'))}</summary><span class="formats">${links}</span></details>`;
}

/**
 * "Download what I see": the panel's layer and format selects and the link that always holds
 * the query of what is on screen. query(layerId) gives the API query of the map's days, filters
 * and extent, or null while the map is not there.
 */
export class ViewDownload {
  constructor(root, { query, collection }) {
    this.layer = root.querySelector('#download-layer');
    this.format = root.querySelector('#download-format');
    this.link = root.querySelector('#download-link');
    this.query = query;
    this.collection = collection;
    this.layer.addEventListener('change', () => this.renderFormats());
    this.format.addEventListener('change', () => this.update());
  }

  /** The layers on the map to choose from, [{id, title}], keeping the choice while it is there. */
  setLayers(shown) {
    const previous = this.layer.value;
    this.layer.innerHTML = shown.map(l => `<option value="${escape(l.id)}">${escape(l.title)}</option>`).join('');
    if (shown.some(l => l.id === previous)) this.layer.value = previous;
    this.renderFormats();
  }

  renderFormats() {
    const previous = this.format.value;
    const c = this.collection(this.layer.value);
    const formats = c ? formatsOf(c) : FORMATS;
    this.format.innerHTML = formats.map(f => `<option value="${f}">${escape(formatName(f))}</option>`).join('');
    if (formats.includes(previous)) this.format.value = previous;
    this.update();
  }

  /** The link anew: the map moved, the filters or the days changed. */
  update() {
    const id = this.layer.value;
    const query = id ? this.query(id) : null;
    if (!query) {
      this.link.removeAttribute('href');
      return;
    }
    this.link.href = downloadHref(id, this.format.value, query);
    this.link.textContent = t('download.button', { format: formatName(this.format.value) });
  }
}
