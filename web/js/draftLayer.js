// The records in the works (drafts, records in review, rejected ones) on the editor's map: read
// with the editor's token from /api/records, drawn hollow with a "draft" badge so that they are
// never mistaken for published incidents, and switched on and off with a control of their own.
// The public never sees them: the layer exists only while an editor is signed in.
import { ApiError, recordsInProgress } from './api.js';
import { el } from './dom.js';
import { formatDay, t } from './i18n.js';
import { statusLabel } from './reviewList.js';
import { eventLabel, sideLabel } from './text.js';

const IN_THE_WORKS = ['draft', 'in_review', 'rejected'];

export class DraftLayer {
  /** onEdit(id) opens a record in the edit panel; onUnauthorized() when the token is refused. */
  constructor(map, session, { onEdit, onUnauthorized }) {
    this.map = map;
    this.session = session;
    this.onEdit = onEdit;
    this.onUnauthorized = onUnauthorized;
    this.group = L.layerGroup([], { pane: 'editing' });
    this.records = [];
    this.checkbox = el('input', { type: 'checkbox', id: 'drafts-toggle', checked: true });
    this.label = el('span', { id: 'drafts-toggle-label' });
    this.container = el('div', { class: 'leaflet-control drafts-control', hidden: true },
      el('label', {}, this.checkbox, ' ', el('span', { class: 'draft-badge-sample', 'aria-hidden': 'true' }), ' ', this.label));
    L.DomEvent.disableClickPropagation(this.container);
    const control = L.control({ position: 'topleft' });
    control.onAdd = () => this.container;
    control.addTo(map);
    this.checkbox.addEventListener('change', () => this.show());
    session.onChange(() => this.sessionChanged());
    this.relabel();
  }

  sessionChanged() {
    const editor = this.session.can('editor');
    this.container.hidden = !editor;
    if (editor) {
      this.refresh();
    } else {
      this.records = [];
      this.group.clearLayers();
      this.group.remove();
    }
  }

  show() {
    if (this.checkbox.checked && this.session.can('editor')) this.group.addTo(this.map);
    else this.group.remove();
  }

  /** Reads the records in the works again and redraws them. */
  async refresh() {
    if (!this.session.can('editor')) return;
    try {
      this.records = await recordsInProgress(this.session.token, IN_THE_WORKS);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
      return;
    }
    this.draw();
    this.show();
  }

  draw() {
    this.group.clearLayers();
    for (const r of this.records) {
      const [lon, lat] = r.geometry?.coordinates ?? [];
      if (lon == null || lat == null) continue;
      const icon = L.divIcon({
        className: `draft-marker draft-${r.status}`,
        html: '<span class="draft-ring"></span><span class="draft-badge"></span>',
        iconSize: [22, 22], iconAnchor: [11, 11],
      });
      const marker = L.marker([lat, lon], { icon, pane: 'editing', keyboard: true, title: `${r.id} (${statusLabel(r.status)})` });
      marker.recordId = r.id;
      marker.on('add', () => {
        const badge = marker.getElement()?.querySelector('.draft-badge');
        if (badge) badge.textContent = t('mapEdit.draftBadge');
        marker.getElement()?.setAttribute('data-id', r.id);
      });
      marker.bindPopup(() => this.popup(r));
      this.group.addLayer(marker);
    }
  }

  popup(r) {
    return el('div', { class: 'popup draft-popup' },
      el('p', { class: 'record-head' }, el('strong', { class: 'record-id', text: r.id }), ' ',
        el('span', { class: `status status-${r.status}`, text: statusLabel(r.status) })),
      el('p', { text: [formatDay(r.date), eventLabel(r.event_type), `${r.place_name ?? ''} (${sideLabel(r.country)})`].join(' · ') }),
      el('p', { class: 'hint', text: t('mapEdit.draftNotPublic') }),
      el('div', { class: 'actions' }, el('button', {
        type: 'button', class: 'secondary', dataset: { action: 'edit' }, text: t('review.edit'),
        'aria-label': t('review.edit.named', { id: r.id }),
        on: { click: () => { this.map.closePopup(); this.onEdit(r.id); } },
      })));
  }

  /** The ids of the records drawn, for tests and people inspecting the page. */
  ids() {
    return this.map.hasLayer(this.group) ? this.records.map(r => r.id) : [];
  }

  relabel() {
    this.label.textContent = t('mapEdit.draftsLayer');
    if (this.records.length) this.draw();
  }
}
