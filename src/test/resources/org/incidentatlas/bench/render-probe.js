// Installed before the page's own scripts: records when the first incident markers reach the
// screen, when the page reports itself loaded, and every long task of the main thread. All times
// are performance.now(), milliseconds from the start of navigation.
(() => {
  const bench = window.__bench = { firstMarkersInserted: null, firstMarkers: null, loaded: null, longTasks: [] };
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const markers = '.leaflet-incidents-pane .incident-icon, .leaflet-incidents-pane .marker-cluster';
  const observer = new MutationObserver(() => {
    if (bench.firstMarkersInserted === null && document.querySelector(markers)) {
      bench.firstMarkersInserted = performance.now();
      // The frame showing them is out once a task queued from the next animation frame runs.
      requestAnimationFrame(() => setTimeout(() => { bench.firstMarkers = performance.now(); }));
    }
    if (bench.loaded === null && document.body?.dataset.loaded === 'true') bench.loaded = performance.now();
    if (bench.firstMarkersInserted !== null && bench.loaded !== null) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-loaded'] });
})();
