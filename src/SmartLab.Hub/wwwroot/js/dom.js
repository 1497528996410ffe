// DOM helpers. Pages show strings from users and instrument agents, so nodes are made with createElement and text is
// set with textContent only; nothing is ever parsed as HTML.

/**
 * Makes an element. `props` may hold className, id, text, attrs (attributes), dataset, on (event listeners) and any
 * other DOM property (value, type, disabled, href...). Children are nodes or strings (strings become text nodes).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null) {
      continue;
    }

    if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'attrs') {
      for (const [name, v] of Object.entries(value)) {
        if (v !== undefined && v !== null && v !== false) {
          node.setAttribute(name, v === true ? '' : String(v));
        }
      }
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        node.addEventListener(event, handler);
      }
    } else {
      node[key] = value;
    }
  }

  append(node, children);
  return node;
}

/** Appends nodes or strings; null, undefined and false are left out and arrays are flattened. */
export function add(node, ...children) {
  append(node, children);
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }

    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of a node. */
export function setChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** A <table> with a header row and one row per item; `columns` are [heading, item => cell content]. */
export function table(columns, items, rowProps) {
  return el('table', { className: 'list' },
    el('thead', {}, el('tr', {}, columns.map(([heading]) => el('th', { text: heading })))),
    el('tbody', {}, items.map(item => el('tr', rowProps ? rowProps(item) : {},
      columns.map(([, cell]) => el('td', {}, cell(item)))))));
}
