// The words a picture of the map carries, in the page's language: what it shows, the days, the
// filters in words (never codes), the map's attribution and the data's citation as downloads give it.
import { downloadCitation } from './api.js';
import { formatDay, t, tOr } from './i18n.js';
import { eventLabel, sideLabel } from './text.js';

/** The active filters in words: "Filters: event type Shelling; side of the border Armenia", or that there are none. */
export function filterWords(filters) {
  const parts = [];
  const list = (key, values, label) => values?.length && parts.push(t(`picture.filter.${key}`, { values: values.map(label).join(', ') }));
  list('event_type', filters.event_type, eventLabel);
  list('country', filters.country, side => sideLabel(side));
  list('location_precision', filters.location_precision, p => tOr(`precision.${p}`, p));
  if (filters.actor) parts.push(t('picture.filter.actor', { values: filters.actor }));
  if (filters.min_fatalities > 0) parts.push(t('picture.filter.min_fatalities', { count: filters.min_fatalities }));
  return parts.length ? t('picture.filters', { filters: parts.join('; ') }) : t('picture.noFilters');
}

/** The days shown: all of them, or the range chosen on the timeline. */
export function dayWords(range, all) {
  if (!range) return '';
  return t(all ? 'picture.allDays' : 'picture.days', { from: formatDay(range.from), to: formatDay(range.to) });
}

/** The data's attribution, licences and citation for a layer and query: the same words a download carries. */
export async function dataCitation(layerId, query) {
  return t('picture.citation', await downloadCitation(layerId, query));
}

/**
 * Everything the picture says. view: {layers: titles shown, range, allDays, filters,
 * attribution: the map's attribution line, citation: {layerId, query} or null}.
 */
export async function pictureTexts(view) {
  let citation = '';
  if (view.citation) {
    // Without the server's words the picture still names where its data is.
    citation = await dataCitation(view.citation.layerId, view.citation.query)
      .catch(() => t('picture.citationFallback', { url: location.origin }));
  }
  return {
    title: t('app.pageTitle'),
    shown: t('picture.shown', { layers: view.layers.join(', ') }),
    time: dayWords(view.range, view.allDays),
    filters: filterWords(view.filters),
    attribution: view.attribution,
    citation,
  };
}
