/**
 * An NCTS message as the mappers read it: element names, trimmed text and the XPath of each element
 * (the pointer an IE056 names). The XML parser lives at the door (apps/api/ncts/parse.ts); the
 * mappers here stay pure.
 */
export interface XmlNode {
  /** Local name, e.g. `GuaranteeReference`. */
  name: string;
  /** `/ncts:CC015C/Guarantee/GuaranteeReference[2]/GRN`, indexed where siblings share the name. */
  path: string;
  text: string;
  children: XmlNode[];
}

/** An NCTS functional error (CL180 code, pointer, reason), one per FunctionalError of an IE056. */
export interface NctsError {
  /** CL180: 12 code list violation, 13 missing, 14 rule violation, 15 not allowed, 90 unknown MRN, 92 out of sequence, 93 invalid MRN. */
  code: '12' | '13' | '14' | '15' | '90' | '92' | '93';
  pointer: string;
  /** Short rule id (an..7): the code list (`CL251`), `XSD`, or a Clearway rule. */
  reason: string;
  message: string;
  value?: string;
}

export const child = (n: XmlNode | undefined, name: string): XmlNode | undefined =>
  n?.children.find((c) => c.name === name);

export const children = (n: XmlNode | undefined, name: string): XmlNode[] =>
  n?.children.filter((c) => c.name === name) ?? [];

/** Text at a relative path (`Address/country`), or undefined when an element is absent or empty. */
export function textAt(n: XmlNode | undefined, rel: string): string | undefined {
  let cur = n;
  for (const seg of rel.split('/')) cur = child(cur, seg);
  return cur?.text ? cur.text : undefined;
}

/** The pointer an absent element would have: its parent's path and its name. */
export const pathOf = (n: XmlNode, rel: string): string => {
  let cur: XmlNode | undefined = n;
  let path = n.path;
  for (const seg of rel.split('/')) {
    cur = child(cur, seg);
    path = cur ? cur.path : `${path}/${seg}`;
  }
  return path;
};

/** Repeated groups in `sequenceNumber` order (document order when absent). */
export const bySequence = (nodes: XmlNode[]): XmlNode[] =>
  nodes
    .map((n, i) => ({ n, k: Number(textAt(n, 'sequenceNumber') ?? i + 1) }))
    .sort((a, b) => a.k - b.k)
    .map((e) => e.n);
