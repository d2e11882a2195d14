/** A tiny XML writer for the messages Clearway sends: elements, text, one namespaced root. */
export interface XmlElement {
  name: string;
  content: (XmlElement | string)[];
}

export type Content = XmlElement | string | number | undefined | false | Content[];

/** An element; absent values (undefined, false, empty lists) leave it out, so optional data stays optional. */
export function el(name: string, ...content: Content[]): XmlElement {
  const flat: (XmlElement | string)[] = [];
  const add = (c: Content) => {
    if (c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else flat.push(typeof c === 'number' ? String(c) : c);
  };
  content.forEach(add);
  return { name, content: flat };
}

/** `el` that disappears when its only content is absent. */
export const opt = (name: string, value: string | number | undefined): XmlElement | undefined =>
  value === undefined || value === '' ? undefined : el(name, value);

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function write(e: XmlElement, depth: number): string {
  const pad = '  '.repeat(depth);
  if (e.content.length === 0) return `${pad}<${e.name}/>`;
  if (e.content.every((c) => typeof c === 'string'))
    return `${pad}<${e.name}>${escape(e.content.join(''))}</${e.name}>`;
  const inner = e.content.map((c) => (typeof c === 'string' ? pad + '  ' + escape(c) : write(c, depth + 1)));
  return `${pad}<${e.name}>\n${inner.join('\n')}\n${pad}</${e.name}>`;
}

export const NCTS_NS = 'http://ncts.dgtaxud.ec';

/** The message as text: `ncts:CCnnnC` root in the NCTS namespace, children unqualified (as the XSD says). */
export function serialize(root: XmlElement, phase = 'NCTS5.1'): string {
  const body = root.content.map((c) => (typeof c === 'string' ? escape(c) : write(c, 1))).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ncts:${root.name} xmlns:ncts="${NCTS_NS}" PhaseID="${phase}">\n${body}\n</ncts:${root.name}>\n`;
}
