// A reader exploring the map, one step per animation frame: drags in four directions, each let
// go (so the work the map does at the end of a move runs as it does for a person), with animated
// zooms in and out between them. Resolves with the time between consecutive frames, apart for
// panning (a drag and the glide after it) and zooming (a zoom step until the next drag).
// Run with executeAsyncScript: the last argument is the callback.
const done = arguments[arguments.length - 1];
const map = window.atlas.map;
const container = map.getContainer();
const box = container.getBoundingClientRect();
const origin = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
const DRAG_FRAMES = 40;
const STEP = 6;

// Sent to the map as a real pointer over it would be; they bubble up to the document, where
// Leaflet follows a drag.
function mouse(target, type, x, y) {
  target.dispatchEvent(new MouseEvent(type, {
    bubbles: true, cancelable: true, view: window, clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1,
  }));
}

const drags = [];
const steps = [];
const panePosition = () => L.DomUtil.getPosition(map.getPane('mapPane'));
function step(phase, run = () => {}) {
  steps.push({ phase, run });
}
function drag(dx, dy) {
  let before;
  step('pan', () => {
    // Pressing the button ends the previous drag's inertia at once: measure from after that.
    mouse(container, 'mousedown', origin.x, origin.y);
    before = panePosition();
  });
  for (let k = 1; k <= DRAG_FRAMES; k++) step('pan', () => mouse(container, 'mousemove', origin.x + dx * k, origin.y + dy * k));
  step('pan', () => {
    mouse(container, 'mouseup', origin.x + dx * DRAG_FRAMES, origin.y + dy * DRAG_FRAMES);
    drags.push(panePosition().distanceTo(before));
  });
  for (let k = 0; k < 10; k++) step('pan');
}
function zoom(by) {
  step('zoom', () => map.setZoom(map.getZoom() + by));
  for (let k = 0; k < 30; k++) step('zoom');
}

// From the opening view (zoom 10, all clusters) down to zoom 13, where single incidents and
// their uncertainty circles show, and back.
drag(STEP, 0);
zoom(+1);
drag(0, STEP);
zoom(+1); zoom(+1);
drag(-STEP, 0);
zoom(-1); zoom(-1);
drag(0, -STEP);
zoom(-1);

// A frame's time is that of the step run in the frame before it, plus the drawing of its result.
const frames = { pan: [], zoom: [] };
let next = 0;
let last = null;
const started = performance.now();
function frame(now) {
  if (last !== null) frames[steps[next - 1].phase].push(now - last);
  last = now;
  if (next < steps.length) {
    steps[next++].run();
    requestAnimationFrame(frame);
  } else {
    done({ pan: frames.pan, zoom: frames.zoom, drags, expectedDrag: DRAG_FRAMES * STEP, duration: performance.now() - started });
  }
}
requestAnimationFrame(frame);
