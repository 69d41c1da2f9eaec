// A picture of the map: the view on screen (base map, symbols and labels, drawn by the browser as
// they are on screen) framed by a title, the days and filters, the legend, a scale bar, a north
// arrow and the attributions, as a PNG that carries its title and attributions as metadata too.
import { domToCanvas } from '../vendor/modern-screenshot-4.7.0/index.mjs';
import { t } from './i18n.js';
import { clusterSize, clusterSvg } from './symbols.js';
import { legendSections } from './legend.js';
import { formatNumber } from './text.js';

/**
 * The sizes offered. The larger is the same picture at twice the pixel density: the same view,
 * with symbols and labels at the size they have on screen relative to the map, only sharper.
 */
export const PICTURE_SIZES = [
  { id: '1200x800', width: 1200, height: 800, pixelRatio: 1 },
  { id: '2400x1600', width: 1200, height: 800, pixelRatio: 2 },
];

const FONT = 'system-ui, "DejaVu Sans", Arial, sans-serif';
const MARGIN = 16;
const LEGEND_WIDTH = 270;
const INK = '#1d2327';
const MUTED = '#4a5862';
/** Map controls, popups and tooltips are the page's, not the map's: the picture draws its own. */
const LEFT_OUT = ['leaflet-control-container', 'leaflet-popup-pane', 'leaflet-tooltip-pane'];
const EARTH_CIRCUMFERENCE = 40075016.686;

let running = Promise.resolve();

/**
 * The picture of the map's current centre and zoom as a PNG Blob.
 * options.size: one of PICTURE_SIZES (or {width, height, pixelRatio}); options.texts: an object,
 * or an async function of the picture's LatLngBounds giving one, with the strings in the page's
 * language: title, shown (the layers), time, filters, attribution (the map's attribution line)
 * and citation (the data's attribution and citation). Pictures are taken one at a time.
 */
export function mapPicture(map, options = {}) {
  const result = running.then(() => draw(map, options));
  running = result.catch(() => {});
  return result;
}

async function draw(map, { size = PICTURE_SIZES[0], texts = {} }) {
  const { width, height, pixelRatio } = size;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * pixelRatio);
  canvas.height = Math.round(height * pixelRatio);
  const ctx = canvas.getContext('2d');
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);

  const { words, head, foot, box } = await layout(ctx, map, size, texts);
  drawLines(ctx, head, MARGIN, MARGIN);
  const mapCanvas = await captureMap(map, box, pixelRatio);
  ctx.drawImage(mapCanvas, box.x, box.y, box.width, box.height);
  ctx.strokeStyle = '#7f8c8d';
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x - 0.5, box.y - 0.5, box.width + 1, box.height + 1);
  drawScaleBar(ctx, map, box);
  drawNorthArrow(ctx, box);
  await drawLegend(ctx, { x: box.x + box.width + MARGIN, y: box.y, width: LEGEND_WIDTH, height: box.height });
  // The footer: a rule, then the attributions.
  const footTop = box.y + box.height + 8;
  const footHeight = height - footTop;
  ctx.fillStyle = '#f1f3f5';
  ctx.fillRect(0, footTop, width, footHeight);
  ctx.fillStyle = '#c5cdd3';
  ctx.fillRect(0, footTop, width, 1);
  drawLines(ctx, foot, MARGIN, footTop + 6);

  const png = await new Promise((resolve, reject) => canvas.toBlob(b => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'));
  return withText(png, {
    Title: [words.title, words.shown].filter(Boolean).join(' — '),
    Description: [words.time, words.filters].filter(Boolean).join('. '),
    Copyright: words.attribution,
    Source: words.citation,
    Software: 'Incident Atlas',
    'Creation Time': new Date().toUTCString(),
  });
}

/**
 * The texts and where everything goes. The texts may name the area the map shows (the citation's
 * bbox), and that area depends on how much room the texts leave: they are asked for the area of
 * the box laid out last until the box stays as it is (at once when its words wrap alike).
 */
async function layout(ctx, map, size, texts) {
  const { width, height } = size;
  const inner = width - 2 * MARGIN;
  const boxWidth = width - 3 * MARGIN - LEGEND_WIDTH;
  let boxHeight = Math.round(boxWidth * 0.66);
  for (let pass = 0; ; pass++) {
    const words = typeof texts === 'function' ? await texts(boxBounds(map, boxWidth, boxHeight)) : texts;
    const head = headerLines(ctx, words, inner);
    const foot = footerLines(ctx, words, inner);
    const headHeight = MARGIN + head.reduce((sum, l) => sum + l.lineHeight, 0) + 8;
    const footHeight = foot.reduce((sum, l) => sum + l.lineHeight, 0) + 12;
    const box = { x: MARGIN, y: headHeight, width: boxWidth, height: height - headHeight - footHeight - 8 };
    if (box.height === boxHeight || typeof texts !== 'function' || pass === 2) return { words, head, foot, box };
    boxHeight = box.height;
  }
}

/** The area a map box of that size shows around the map's centre at its zoom. */
function boxBounds(map, boxWidth, boxHeight) {
  const centre = map.project(map.getCenter());
  const half = L.point(boxWidth / 2, boxHeight / 2);
  return L.latLngBounds(map.unproject(centre.subtract(half)), map.unproject(centre.add(half)));
}

function headerLines(ctx, texts, width) {
  return [
    ...wrap(ctx, texts.title ?? '', width, { font: `700 22px ${FONT}`, lineHeight: 28, colour: INK, max: 2 }),
    ...wrap(ctx, texts.shown ?? '', width, { font: `14px ${FONT}`, lineHeight: 19, colour: INK, max: 2 }),
    ...wrap(ctx, [texts.time, texts.filters].filter(Boolean).join(' · '), width, { font: `14px ${FONT}`, lineHeight: 19, colour: MUTED, max: 3 }),
  ];
}

function footerLines(ctx, texts, width) {
  return [
    ...wrap(ctx, texts.attribution ?? '', width, { font: `12px ${FONT}`, lineHeight: 16, colour: INK, max: 2 }),
    ...wrap(ctx, texts.citation ?? '', width, { font: `11px ${FONT}`, lineHeight: 14, colour: MUTED, max: 7 }),
  ];
}

/** Lines of at most width pixels, broken at spaces (or anywhere in a long address); the last of max ends in "…". */
function wrap(ctx, text, width, style) {
  ctx.font = style.font;
  const lines = [];
  let line = '';
  const tokens = String(text).split(/(?<=\s)/);
  for (let token of tokens) {
    while (ctx.measureText(token).width > width) {
      // A token wider than the line (a long address) is cut where it fills the line.
      let cut = token.length;
      while (cut > 1 && ctx.measureText(line + token.slice(0, cut)).width > width) cut--;
      if (cut <= 1 && line) {
        lines.push(line);
        line = '';
        continue;
      }
      lines.push(line + token.slice(0, cut));
      line = '';
      token = token.slice(cut);
    }
    if (ctx.measureText(line + token).width > width && line) {
      lines.push(line.trimEnd());
      line = token;
    } else {
      line += token;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length > style.max) {
    lines.length = style.max;
    let last = lines[style.max - 1];
    while (last && ctx.measureText(`${last}…`).width > width) last = last.slice(0, -1);
    lines[style.max - 1] = `${last}…`;
  }
  return lines.map(content => ({ ...style, text: content }));
}

function drawLines(ctx, lines, x, y) {
  ctx.textBaseline = 'top';
  let top = y;
  for (const line of lines) {
    ctx.font = line.font;
    ctx.fillStyle = line.colour;
    ctx.fillText(line.text, x, top + (line.lineHeight - parseInt(line.font.match(/(\d+)px/)[1], 10)) / 2);
    top += line.lineHeight;
  }
  return top;
}

/**
 * The map at the box's size, around its centre at its zoom, so that symbols and labels keep the
 * size they have on screen. For the moment of the capture the map takes that size, unseen (a
 * blank stand-in keeps its place on the page), without its controls, so that labels are placed
 * as the picture shows them; then it is put back as it was.
 */
async function captureMap(map, box, pixelRatio) {
  const container = map.getContainer();
  const centre = map.getCenter();
  const zoom = map.getZoom();
  const style = container.getAttribute('style');
  const background = getComputedStyle(container).backgroundColor;
  const standIn = document.createElement('div');
  standIn.className = 'map-picture-stand-in';
  standIn.style.cssText = `flex: 1; background: ${background}`;
  container.before(standIn);
  container.classList.add('map-picture-capture');
  // Drawn from the page's own DOM, the map must be laid out on the page: not moved out of the
  // window, which leaves the drawing empty, but transparent; the copy drawn is made opaque.
  Object.assign(container.style, {
    position: 'fixed', top: '0', left: '0', width: `${box.width}px`, height: `${box.height}px`, opacity: '0', zIndex: '-1',
  });
  try {
    map.invalidateSize({ pan: false });
    map.setView(centre, zoom, { animate: false });
    // Labels are placed a frame after a move, around the markers drawn by then.
    await frames(3);
    return await domToCanvas(container, {
      width: box.width, height: box.height, scale: pixelRatio, backgroundColor: background,
      style: { position: 'relative', top: '0', left: '0', margin: '0', opacity: '1', zIndex: 'auto' },
      filter: node => !(node instanceof Element && LEFT_OUT.some(c => node.classList.contains(c))),
      // The page has no web fonts of its own, and nothing may be fetched from elsewhere.
      font: false,
    });
  } finally {
    container.classList.remove('map-picture-capture');
    if (style == null) container.removeAttribute('style');
    else container.setAttribute('style', style);
    standIn.remove();
    map.invalidateSize({ pan: false });
    map.setView(centre, zoom, { animate: false });
    // An open popup or a spread cluster may pan the map a moment after it moved (the cluster's
    // animations take 250 ms); the view is the reader's, and the share dialog's link names it: it
    // is put back once more when they are over.
    await new Promise(resolve => setTimeout(resolve, 300));
    if (!map.getCenter().equals(centre) || map.getZoom() !== zoom) map.setView(centre, zoom, { animate: false });
  }
}

function frames(n) {
  return new Promise(resolve => {
    const step = left => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
    step(n);
  });
}

/**
 * A metric scale bar for the map's scale at its centre's latitude (Web Mercator stretches it with
 * 1 / cos(latitude)): the longest round length (1, 2 or 5 times a power of ten) up to 140 pixels.
 */
export function scaleBar(latitude, zoom, maxPixels = 140) {
  const metresPerPixel = (EARTH_CIRCUMFERENCE * Math.cos((latitude * Math.PI) / 180)) / (256 * 2 ** zoom);
  const most = metresPerPixel * maxPixels;
  const power = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map(f => f * power).find(m => m <= most);
  return { metres, pixels: metres / metresPerPixel };
}

function drawScaleBar(ctx, map, box) {
  const { metres, pixels } = scaleBar(map.getCenter().lat, map.getZoom());
  const label = metres >= 1000 ? `${formatNumber(metres / 1000)} km` : `${formatNumber(metres)} m`;
  const x = box.x + 12;
  const y = box.y + box.height - 14;
  ctx.font = `12px ${FONT}`;
  ctx.fillStyle = 'rgba(255,255,255,.85)';
  ctx.fillRect(x - 6, y - 22, Math.max(pixels, ctx.measureText(label).width) + 12, 30);
  ctx.strokeStyle = INK;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x, y - 6);
  ctx.lineTo(x, y);
  ctx.lineTo(x + pixels, y);
  ctx.lineTo(x + pixels, y - 6);
  ctx.stroke();
  ctx.fillStyle = INK;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(label, x, y - 8);
}

/** North is up on the map's projection: an arrow and the letter of the page's language. */
function drawNorthArrow(ctx, box) {
  const cx = box.x + box.width - 24;
  const top = box.y + 12;
  ctx.fillStyle = 'rgba(255,255,255,.85)';
  ctx.fillRect(cx - 15, top - 4, 30, 50);
  ctx.fillStyle = INK;
  ctx.beginPath();
  ctx.moveTo(cx, top);
  ctx.lineTo(cx + 9, top + 24);
  ctx.lineTo(cx, top + 18);
  ctx.lineTo(cx - 9, top + 24);
  ctx.closePath();
  ctx.fill();
  ctx.font = `700 13px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(t('picture.north'), cx, top + 28);
  ctx.textAlign = 'start';
}

function svgImage(svg) {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  return image.decode().then(() => image);
}

/** The legend of the map, the same entries as on screen, in a column beside it. */
async function drawLegend(ctx, area) {
  const sections = legendSections();
  for (const fontSize of [12, 11, 10]) {
    if (await layoutLegend(ctx, sections, area, fontSize, false) <= area.height) {
      await layoutLegend(ctx, sections, area, fontSize, true);
      return;
    }
  }
  await layoutLegend(ctx, sections, area, 10, true);
}

/** Lays the legend out (and draws it when draw is true); returns its height. */
async function layoutLegend(ctx, sections, area, fontSize, draw) {
  const symbolWidth = 26;
  const text = { font: `${fontSize}px ${FONT}`, lineHeight: fontSize + 4, colour: INK, max: 4 };
  let y = area.y;
  if (draw) {
    ctx.fillStyle = '#fff';
    ctx.fillRect(area.x, area.y, area.width, area.height);
  }
  const title = wrap(ctx, t('legend.title'), area.width, { font: `700 ${fontSize + 3}px ${FONT}`, lineHeight: fontSize + 9, colour: INK, max: 1 });
  if (draw) drawLines(ctx, title, area.x, y);
  y += title[0].lineHeight;
  for (const section of sections) {
    if (section.heading) {
      const heading = wrap(ctx, section.heading, area.width, { font: `600 ${fontSize - 1}px ${FONT}`, lineHeight: fontSize + 3, colour: MUTED, max: 3 });
      y += 4;
      if (draw) drawLines(ctx, heading, area.x, y);
      y += heading.reduce((sum, l) => sum + l.lineHeight, 0) + 2;
    }
    for (const item of section.items) {
      if (item.symbols) {
        let x = area.x + 2;
        const images = await Promise.all(item.symbols.map(svgImage));
        const tallest = Math.max(...images.map(i => i.height));
        for (const image of images) {
          if (draw) ctx.drawImage(image, x, y + (tallest - image.height) / 2);
          x += image.width + 10;
        }
        y += tallest + 4;
        continue;
      }
      const lines = wrap(ctx, item.label, area.width - symbolWidth, text);
      const textHeight = lines.reduce((sum, l) => sum + l.lineHeight, 0);
      const symbolHeight = item.cluster ? 22 : 18;
      const rowHeight = Math.max(textHeight, symbolHeight) + 3;
      if (draw) {
        const middle = y + rowHeight / 2;
        await drawItemSymbol(ctx, item, area.x + symbolWidth / 2 - 2, middle);
        drawLines(ctx, lines, area.x + symbolWidth, y + (rowHeight - textHeight) / 2);
      }
      y += rowHeight;
    }
  }
  return y - area.y;
}

/** A legend entry's symbol, centred on (cx, cy), as large as in the legend on screen. */
async function drawItemSymbol(ctx, item, cx, cy) {
  if (item.symbol) {
    const image = await svgImage(item.symbol);
    const scale = Math.min(1, 18 / Math.max(image.width, image.height));
    ctx.drawImage(image, cx - (image.width * scale) / 2, cy - (image.height * scale) / 2, image.width * scale, image.height * scale);
  } else if (item.cluster) {
    const count = Object.values(item.cluster).reduce((a, b) => a + b, 0);
    const image = await svgImage(clusterSvg(item.cluster, clusterSize(count)));
    ctx.drawImage(image, cx - 11, cy - 11, 22, 22);
    ctx.fillStyle = INK;
    ctx.font = `700 9px ${FONT}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(count), cx, cy + 0.5);
    ctx.textAlign = 'start';
  } else if (item.swatch) {
    drawSwatch(ctx, item.swatch, cx, cy);
  }
}

function drawSwatch(ctx, s, cx, cy) {
  ctx.save();
  ctx.globalAlpha = s.opacity ?? 1;
  const w = s.width + (s.stroke ? 2 * s.strokeWidth : 0);
  const h = s.height + (s.stroke ? 2 * s.strokeWidth : 0);
  ctx.beginPath();
  if (s.shape === 'dot' || s.shape === 'ring') ctx.ellipse(cx, cy, w / 2, h / 2, 0, 0, 2 * Math.PI);
  else ctx.rect(cx - w / 2, cy - h / 2, w, h);
  if (s.shape !== 'ring') {
    ctx.fillStyle = s.fill;
    ctx.fill();
  }
  if (s.stroke) {
    ctx.beginPath();
    if (s.shape === 'dot' || s.shape === 'ring') ctx.ellipse(cx, cy, (w - s.strokeWidth) / 2, (h - s.strokeWidth) / 2, 0, 0, 2 * Math.PI);
    else ctx.rect(cx - (w - s.strokeWidth) / 2, cy - (h - s.strokeWidth) / 2, w - s.strokeWidth, h - s.strokeWidth);
    ctx.strokeStyle = s.stroke;
    ctx.lineWidth = s.strokeWidth;
    ctx.stroke();
  }
  ctx.restore();
}

// PNG text chunks. tEXt holds Latin-1 only (PNG 1.2, 11.3.4.3): its text is the Latin-1 form
// (dashes as hyphens); where that loses characters an iTXt with the exact UTF-8 follows.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set([...type].map(c => c.charCodeAt(0)), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function latin1(text) {
  return [...text.replace(/[‐-―−]/g, '-').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/…/g, '...')]
    .map(c => (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : 0x3f));
}

function textChunks(keyword, text) {
  const key = latin1(keyword);
  const plain = latin1(text);
  const chunks = [chunk('tEXt', Uint8Array.from([...key, 0, ...plain]))];
  if (String.fromCharCode(...plain) !== text) {
    // keyword, 0, compression flag 0, method 0, no language tag, 0, no translated keyword, 0, text
    chunks.push(chunk('iTXt', Uint8Array.from([...key, 0, 0, 0, 0, 0, ...new TextEncoder().encode(text)])));
  }
  return chunks;
}

/** The PNG with the given texts as chunks right after its header (IHDR). */
async function withText(png, texts) {
  const bytes = new Uint8Array(await png.arrayBuffer());
  const ihdrEnd = 8 + 12 + new DataView(bytes.buffer).getUint32(8);
  const chunks = Object.entries(texts).filter(([, v]) => v).flatMap(([k, v]) => textChunks(k, v));
  return new Blob([bytes.subarray(0, ihdrEnd), ...chunks, bytes.subarray(ihdrEnd)], { type: 'image/png' });
}
