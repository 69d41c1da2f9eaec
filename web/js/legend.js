// The legend: one entry for every symbol the map draws, in the reader's language.
import { t } from './i18n.js';
import { escape, eventLabel, sideLabel } from './text.js';
import { clusterSize, clusterSvg, EVENT_TYPES, PRECISE_METRES, SIDE_COLOURS, symbolSvg } from './symbols.js';

function entry(symbol, label) {
  return `<li><span class="legend-symbol">${symbol}</span>${escape(label)}</li>`;
}

function swatch(style) {
  return `<span class="swatch" style="${style}"></span>`;
}

export function legendHtml() {
  const shapes = EVENT_TYPES.map(type => entry(symbolSvg({ type, side: 'unknown', fatalities: 0, exact: true }), eventLabel(type))).join('');
  const sides = ['AM', 'AZ', 'unknown'].map(side => entry(swatch(`background:${SIDE_COLOURS[side]}`), sideLabel(side === 'unknown' ? null : side))).join('');
  const sizes = [0, 5, 20].map(n => symbolSvg({ type: 'armed_clash', side: 'unknown', fatalities: n, exact: true })).join('');
  return `<h3>${escape(t('legend.shape'))}</h3><ul class="inline">${shapes}</ul>
    <h3>${escape(t('legend.colour'))}</h3><ul class="inline">${sides}</ul>
    <h3>${escape(t('legend.size'))}</h3><div class="legend-sizes">${sizes}</div>
    <ul>
      ${entry(symbolSvg({ type: 'armed_clash', side: 'unknown', fatalities: 0, exact: true }), t('legend.exact', { metres: PRECISE_METRES }))}
      ${entry(symbolSvg({ type: 'armed_clash', side: 'unknown', fatalities: 0, exact: false }), t('legend.uncertain', { metres: PRECISE_METRES }))}
      ${entry(`<span class="incident-cluster legend-cluster">${clusterSvg({ AM: 7, AZ: 4, unknown: 1 }, clusterSize(12))}<span class="count">12</span></span>`, t('legend.cluster'))}
      ${entry(swatch('background:transparent;border:3px solid #b35806'), t('legend.shelledVillage'))}
      ${entry(swatch('background:#111;height:3px;border:none;border-radius:0'), t('legend.border'))}
      ${entry(swatch('background:#4d5656;width:6px;height:6px'), t('legend.settlement'))}
      ${entry(swatch('background:#d73027;opacity:.5;border:none;border-radius:0'), t('legend.zone0'))}
      ${entry(swatch('background:#fc8d59;opacity:.5;border:none;border-radius:0'), t('legend.zone5'))}
      ${entry(swatch('background:#fee090;opacity:.8;border:none;border-radius:0'), t('legend.zone10'))}
    </ul>`;
}

/**
 * The legend as a map control, folded on narrow screens; update() redraws it in the current
 * language, foldFor(popup, away) folds it (or takes it away) while that popup is open and then
 * restores it as it was.
 */
export function legendControl(startFolded) {
  const control = L.control({ position: 'bottomright' });
  control.onAdd = () => {
    const div = L.DomUtil.create('div', 'legend');
    div.innerHTML = '<button type="button" class="legend-toggle"></button><div class="legend-body"></div>';
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    const button = div.querySelector('button');
    const body = div.querySelector('.legend-body');
    const fold = folded => {
      body.hidden = folded;
      button.setAttribute('aria-expanded', String(!folded));
    };
    button.addEventListener('click', () => fold(!body.hidden));
    fold(startFolded);
    control.folded = () => body.hidden;
    // away: the whole legend goes while the popup is open, its button too (a phone has no room).
    control.foldFor = (popup, away = false) => {
      const wasFolded = body.hidden;
      if (wasFolded && (!away || div.hidden)) return;
      fold(true);
      div.hidden = away;
      popup.once('remove', () => {
        div.hidden = false;
        fold(wasFolded);
      });
    };
    control.update = () => {
      body.innerHTML = legendHtml();
      button.textContent = t('legend.title');
      button.setAttribute('aria-label', t('legend.toggle'));
    };
    control.update();
    return div;
  };
  return control;
}

/** A small symbol for a layer's row in the layer panel. */
export function layerSymbol(id) {
  switch (id) {
    case 'incidents': return EVENT_TYPES.map(type => symbolSvg({ type, side: 'unknown', fatalities: 0, exact: true })).join('');
    case 'border_clashes': return symbolSvg({ type: 'armed_clash', side: 'unknown', fatalities: 0, exact: true });
    case 'shelled_villages': return swatch('background:transparent;border:3px solid #b35806');
    case 'border': return swatch('background:#111;height:3px;border:none;border-radius:0');
    case 'settlements': return swatch('background:#4d5656;width:6px;height:6px');
    case 'exposure_zones': return swatch('background:linear-gradient(90deg,#d73027,#fc8d59,#fee090);opacity:.6;border:none;border-radius:0');
    default: return swatch('background:#e6e2d6');
  }
}
