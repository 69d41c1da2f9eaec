// The legend: one entry for every symbol the map draws, in the reader's language.
import { t } from './i18n.js';
import { escape, eventLabel, sideLabel } from './text.js';
import { clusterSize, clusterSvg, EVENT_TYPES, PRECISE_METRES, SIDE_COLOURS, symbolSvg } from './symbols.js';

function entry(symbol, label) {
  return `<li><span class="legend-symbol">${symbol}</span>${escape(label)}</li>`;
}

/**
 * A swatch as data, so that the legend (as CSS) and the map's picture (on a canvas) draw it
 * alike: shape dot (a circle), ring, line or square; width and height in pixels.
 */
export const SWATCHES = {
  shelledVillage: { shape: 'ring', stroke: '#b35806', strokeWidth: 3, width: 12, height: 12 },
  border: { shape: 'line', fill: '#111', width: 12, height: 3 },
  settlement: { shape: 'dot', fill: '#4d5656', stroke: '#333', strokeWidth: 1, width: 6, height: 6 },
  zone0: { shape: 'square', fill: '#d73027', opacity: 0.5, width: 12, height: 12 },
  zone5: { shape: 'square', fill: '#fc8d59', opacity: 0.5, width: 12, height: 12 },
  zone10: { shape: 'square', fill: '#fee090', opacity: 0.8, width: 12, height: 12 },
};

function sideSwatch(side) {
  return { shape: 'dot', fill: SIDE_COLOURS[side], stroke: '#333', strokeWidth: 1, width: 12, height: 12 };
}

function swatch(s) {
  const style = [`width:${s.width}px`, `height:${s.height}px`, `background:${s.shape === 'ring' ? 'transparent' : s.fill}`,
    s.stroke ? `border:${s.strokeWidth}px solid ${s.stroke}` : 'border:none',
    ['dot', 'ring'].includes(s.shape) ? '' : 'border-radius:0', s.opacity == null ? '' : `opacity:${s.opacity}`];
  return `<span class="swatch" style="${style.filter(Boolean).join(';')}"></span>`;
}

/** The legend's sample cluster: how many incidents of each side. */
const SAMPLE_CLUSTER = { AM: 7, AZ: 4, unknown: 1 };

/**
 * Every entry of the legend as data, in the reader's language: sections with a heading (or
 * none) and items that are a symbol (SVG), a swatch, a cluster or a row of symbols, with a label.
 */
export function legendSections() {
  const symbol = (look, label) => ({ symbol: symbolSvg({ type: 'armed_clash', side: 'unknown', fatalities: 0, exact: true, ...look }), label });
  return [
    { heading: t('legend.shape'), inline: true, items: EVENT_TYPES.map(type => symbol({ type }, eventLabel(type))) },
    { heading: t('legend.colour'), inline: true, items: ['AM', 'AZ', 'unknown'].map(side => ({ swatch: sideSwatch(side), label: sideLabel(side === 'unknown' ? null : side) })) },
    { heading: t('legend.size'), inline: true, items: [{ symbols: [0, 5, 20].map(n => symbolSvg({ type: 'armed_clash', side: 'unknown', fatalities: n, exact: true })) }] },
    {
      heading: null,
      items: [
        symbol({}, t('legend.exact', { metres: PRECISE_METRES })),
        symbol({ exact: false }, t('legend.uncertain', { metres: PRECISE_METRES })),
        { cluster: SAMPLE_CLUSTER, label: t('legend.cluster') },
        ...['shelledVillage', 'border', 'settlement', 'zone0', 'zone5', 'zone10'].map(key => ({ swatch: SWATCHES[key], label: t(`legend.${key}`) })),
      ],
    },
  ];
}

function clusterHtml(sides) {
  const count = Object.values(sides).reduce((a, b) => a + b, 0);
  return `<span class="incident-cluster legend-cluster">${clusterSvg(sides, clusterSize(count))}<span class="count">${count}</span></span>`;
}

export function legendHtml() {
  return legendSections().map(section => {
    const heading = section.heading ? `<h3>${escape(section.heading)}</h3>` : '';
    if (section.items[0].symbols) return `${heading}<div class="legend-sizes">${section.items[0].symbols.join('')}</div>`;
    const items = section.items.map(item => entry(item.symbol ?? (item.swatch ? swatch(item.swatch) : clusterHtml(item.cluster)), item.label));
    return `${heading}<ul${section.inline ? ' class="inline"' : ''}>${items.join('')}</ul>`;
  }).join('\n');
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
    case 'shelled_villages': return swatch(SWATCHES.shelledVillage);
    case 'border': return swatch(SWATCHES.border);
    case 'settlements': return swatch(SWATCHES.settlement);
    case 'exposure_zones': return '<span class="swatch" style="background:linear-gradient(90deg,#d73027,#fc8d59,#fee090);opacity:.6;border:none;border-radius:0"></span>';
    default: return swatch({ shape: 'dot', fill: '#e6e2d6', stroke: '#333', strokeWidth: 1, width: 12, height: 12 });
  }
}
