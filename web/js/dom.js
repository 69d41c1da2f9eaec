// Building elements without markup: text is always set as text, never parsed as HTML.

/**
 * An element with attributes and children. Strings and numbers become text nodes; null, false
 * and undefined are left out. Attributes whose value is null or false are not set; `text` sets
 * the text, `dataset` the data-* attributes, and `on` listeners ({click: fn}).
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name === 'text') element.textContent = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'on') Object.entries(value).forEach(([type, fn]) => element.addEventListener(type, fn));
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent, ...children) {
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Empties an element and fills it with children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, ...children);
}
