import { DOMParser, type Element } from '@xmldom/xmldom';
import type { XmlNode } from '../../../domain/ncts/tree';

const ELEMENT = 1;
const TEXT_LIKE = new Set([3, 4]);

/** The element tree of an XML text already found well-formed by the XSD worker. */
export function parseNcts(xml: string): XmlNode {
  const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'application/xml');
  const root = doc.documentElement;
  if (!root) throw new Error('no root element');
  return toNode(root, `/${root.prefix ? `${root.prefix}:` : ''}${root.localName}`);
}

function toNode(el: Element, path: string): XmlNode {
  const elements: Element[] = [];
  let text = '';
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT) elements.push(c as Element);
    else if (TEXT_LIKE.has(c.nodeType)) text += c.nodeValue ?? '';
  }
  const count = new Map<string, number>();
  for (const e of elements) count.set(e.localName ?? '', (count.get(e.localName ?? '') ?? 0) + 1);
  const seen = new Map<string, number>();
  const children = elements.map((e) => {
    const name = e.localName ?? '';
    const i = (seen.get(name) ?? 0) + 1;
    seen.set(name, i);
    return toNode(e, `${path}/${name}${(count.get(name) ?? 0) > 1 ? `[${i}]` : ''}`);
  });
  return { name: el.localName ?? '', path, text: text.trim(), children };
}
