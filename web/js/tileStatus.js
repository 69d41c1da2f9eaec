// The street map's tiles come from another host, which may be out of reach (offline, blocked,
// down). Leaflet then shows nothing at all; the page says what happened and that the atlas's
// own map still works.
import { t } from './i18n.js';

export class TileStatus {
  constructor(tiles, status) {
    this.status = status;
    this.host = null;
    this.shown = null;
    tiles.on('tileerror', e => this.failed(e));
    tiles.on('remove', () => this.clear());
  }

  failed(event) {
    try {
      this.host = new URL(event.tile?.src ?? '', location.href).host;
    } catch {
      this.host = null;
    }
    this.render();
  }

  /** Shown again on every failing tile, as other messages may have replaced it meanwhile. */
  render() {
    if (this.host == null) return;
    this.shown = t('baseMap.tilesFailed', { host: this.host || location.host });
    this.status.textContent = this.shown;
    this.status.classList.remove('error');
  }

  /** Back on the atlas's own map the message no longer applies. */
  clear() {
    if (this.shown && this.status.textContent === this.shown) this.status.textContent = '';
    this.host = null;
    this.shown = null;
  }

  relabel() {
    if (this.shown && this.status.textContent === this.shown) this.render();
  }
}
