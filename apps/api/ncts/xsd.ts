import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** One schema finding: libxml2's sentence and the XPath of the element it is about. */
export interface XsdIssue {
  message: string;
  xpath?: string;
  line: number;
}

export interface XsdResult {
  /** False when the body is not XML at all (the door answers 400, not an IE056). */
  wellFormed: boolean;
  /** Local name of the root element, e.g. `CC015C`. */
  root?: string;
  namespace?: string;
  issues: XsdIssue[];
}

/*
 * libxml2-wasm is an ES module with a top-level await (it instantiates the WebAssembly module on
 * load), which CommonJS code cannot require and jest's module sandbox cannot import. A worker thread
 * is a plain Node context that can, and it keeps schema validation off the API's event loop. The
 * compiled validator of each message type (ccNNNc.xsd with its includes) is built on first use and
 * kept for the worker's life: compiling CC015C's schema takes about a second, validating milliseconds.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const fs = require('node:fs');
const path = require('node:path');
const ready = (async () => {
  const lx = await import(pathToFileURL(workerData.lib).href);
  const io = await import(pathToFileURL(workerData.io).href);
  io.xmlRegisterFsInputProviders();
  return lx;
})();
const validators = new Map();
function validatorFor(lx, root) {
  if (!validators.has(root)) {
    const file = path.join(workerData.dir, root.toLowerCase() + '.xsd');
    let v = null;
    if (/^CC[0-9]{3}C$/.test(root) && fs.existsSync(file)) {
      const doc = lx.XmlDocument.fromBuffer(fs.readFileSync(file), { url: file });
      v = lx.XsdValidator.fromDoc(doc);
    }
    validators.set(root, v);
  }
  return validators.get(root);
}
const detail = (d) => ({ message: String(d.message).trim(), line: d.line, ...(d.xpath ? { xpath: d.xpath } : {}) });
parentPort.on('message', async ({ id, xml }) => {
  let lx;
  try { lx = await ready; } catch (e) { parentPort.postMessage({ id, fatal: String(e && e.message) }); return; }
  let doc;
  try {
    doc = lx.XmlDocument.fromString(xml);
  } catch (e) {
    parentPort.postMessage({ id, result: { wellFormed: false, issues: (e.details || [{ message: e.message, line: 0 }]).map(detail) } });
    return;
  }
  try {
    const root = doc.root.name;
    const namespace = doc.root.namespaceUri || undefined;
    const v = validatorFor(lx, root);
    if (!v) {
      parentPort.postMessage({ id, result: { wellFormed: true, root, namespace, issues: [{ message: 'no NCTS phase 5 message has the root element ' + root, line: 1, xpath: '/' + root }] } });
      return;
    }
    try {
      v.validate(doc);
      parentPort.postMessage({ id, result: { wellFormed: true, root, namespace, issues: [] } });
    } catch (e) {
      parentPort.postMessage({ id, result: { wellFormed: true, root, namespace, issues: (e.details || [{ message: e.message, line: 0 }]).map(detail) } });
    }
  } catch (e) {
    parentPort.postMessage({ id, fatal: String(e && e.message) });
  } finally {
    doc.dispose();
  }
});
`;

/** Validates NCTS phase 5 messages against the XSD set of `dir` (one `ccNNNc.xsd` per root element). */
export class NctsSchemas {
  private worker?: Worker;
  private seq = 0;
  private readonly pending = new Map<number, { resolve(r: XsdResult): void; reject(e: Error): void }>();

  constructor(readonly dir: string) {}

  /** Whether the XSD set is where the configuration says (the XML door answers 503 without it). */
  available(): boolean {
    return fs.existsSync(path.join(this.dir, 'cc015c.xsd'));
  }

  validate(xml: string): Promise<XsdResult> {
    const worker = this.start();
    const id = ++this.seq;
    return new Promise<XsdResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, xml });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const lib = require.resolve('libxml2-wasm');
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { lib, io: path.join(path.dirname(lib), 'nodejs.mjs'), dir: this.dir },
    });
    w.unref();
    w.on('message', (m: { id: number; result?: XsdResult; fatal?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(`XSD validation failed: ${m.fatal}`));
    });
    w.on('error', (err) => this.fail(err));
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
      this.fail(new Error('the XSD validation worker stopped'));
    });
    this.worker = w;
    return w;
  }

  private fail(err: Error) {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
