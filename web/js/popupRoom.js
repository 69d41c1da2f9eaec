// An open popup is never covered by what lies over the map: the legend, the zoom buttons, a
// drawer. Leaflet's own auto-pan only keeps a popup inside the map; this moves the map further so
// that the popup is clear of those as well, and folds the legend when no move can clear it (on a
// phone the legend is folded whenever a popup is open: there is no room beside it).

const MARGIN = 8;
/** Below this map width a popup and an open legend cannot stand side by side. */
const NARROW = 700;
/** What may lie over the map; a panel beside the map (a wide screen) is not over it. */
const OVER_MAP = ['.leaflet-control-zoom', '#panel:not(.closed)', '#editor:not([hidden])'];

function intersects(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function moved(r, dx, dy) {
  return { left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy };
}

function padded(r) {
  return { left: r.left - MARGIN, right: r.right + MARGIN, top: r.top - MARGIN, bottom: r.bottom + MARGIN };
}

/** The shortest move of the popup that keeps it inside the map and off every obstacle, or null. */
function bestMove(popup, area, obstacles) {
  const fits = (dx, dy) => {
    const r = moved(popup, dx, dy);
    return r.left >= area.left && r.right <= area.right && r.top >= area.top && r.bottom <= area.bottom
      && obstacles.every(o => !intersects(r, o));
  };
  if (fits(0, 0)) return [0, 0];
  const candidates = [[0, 0]];
  for (const o of obstacles) {
    const xs = [0, o.left - popup.right, o.right - popup.left];
    const ys = [0, o.top - popup.bottom, o.bottom - popup.top];
    for (const dx of xs) for (const dy of ys) candidates.push([dx, dy]);
  }
  // Pulled back inside the map, each candidate may collide again; the checks below decide.
  const inside = ([dx, dy]) => [
    Math.min(Math.max(dx, area.left - popup.left), area.right - popup.right),
    Math.min(Math.max(dy, area.top - popup.top), area.bottom - popup.bottom),
  ];
  return candidates.concat(candidates.map(inside))
    .filter(([dx, dy]) => fits(dx, dy))
    .sort((a, b) => Math.hypot(...a) - Math.hypot(...b))[0] ?? null;
}

function visibleRects(root, selectors) {
  return selectors.flatMap(s => [...root.querySelectorAll(s)])
    .map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0);
}

/** Moves the map so that the popup is clear of the legend and of what else lies over the map. */
export function makeRoom(map, popup, legend) {
  const element = popup.getElement();
  if (!element || !map.hasLayer(popup)) return;
  if (map.getSize().x < NARROW) legend?.foldFor(popup, true);
  const container = map.getContainer();
  const area = padded(container.getBoundingClientRect());
  Object.assign(area, { left: area.left + 2 * MARGIN, right: area.right - 2 * MARGIN, top: area.top + 2 * MARGIN, bottom: area.bottom - 2 * MARGIN });
  const others = visibleRects(document, OVER_MAP).filter(r => intersects(r, area)).map(padded);
  const legendBox = () => visibleRects(container, ['.legend']).map(padded);
  const box = element.getBoundingClientRect();
  let move = bestMove(box, area, [...others, ...legendBox()]);
  if (!move && legend && !legend.folded()) {
    legend.foldFor(popup);
    move = bestMove(box, area, [...others, ...legendBox()]);
  }
  // When nothing clears every obstacle (a popup taller than the map), keeping it inside the map
  // matters most: Leaflet's own auto-pan has done that.
  if (move && (move[0] || move[1])) map.panBy([-move[0], -move[1]], { animate: false });
}

/**
 * Makes room for the popup now and whenever it changes size while open (a record arriving in
 * it), once the map has stopped moving: Leaflet's auto-pan may still be under way.
 */
export function keepClear(map, popup, legend) {
  const run = () => requestAnimationFrame(() => {
    if (map._panAnim?._inProgress) map.once('moveend', () => makeRoom(map, popup, legend));
    else makeRoom(map, popup, legend);
  });
  run();
  const element = popup.getElement();
  if (!element || !window.ResizeObserver) return;
  let last = '';
  const observer = new ResizeObserver(() => {
    const r = element.getBoundingClientRect();
    const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
    if (size !== last) {
      last = size;
      run();
    }
  });
  observer.observe(element);
  popup.once('remove', () => observer.disconnect());
}
