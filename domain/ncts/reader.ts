import { Dec } from '../money';
import { pathOf, textAt, type NctsError, type XmlNode } from './tree';

/** Plain decimal notation without trailing zeros: NCTS sends `1000`, `1000.00` and `1000.000000` alike. */
export function decimalText(v: string | undefined, places?: number): string | undefined {
  if (v === undefined) return undefined;
  try {
    const d = new Dec(v);
    return places !== undefined && d.decimalPlaces() <= places ? d.toFixed(places) : d.toFixed();
  } catch {
    return v;
  }
}

export class Reader {
  readonly pointers = new Map<string, string>();
  readonly errors: NctsError[] = [];

  /** Records where a field came from and returns its value. */
  at<T>(field: string, pointer: string, value: T): T {
    this.pointers.set(field, pointer);
    return value;
  }

  code(
    table: Readonly<Record<string, string>>,
    list: string,
    n: XmlNode,
    rel: string,
    field: string,
  ): string | undefined {
    const v = textAt(n, rel);
    const p = pathOf(n, rel);
    this.pointers.set(field, p);
    if (v === undefined) return undefined;
    if (!(v in table)) {
      this.errors.push({
        code: '12',
        pointer: p,
        reason: list,
        message: `${list} code ${v} is not supported by Clearway`,
        value: v,
      });
      return undefined;
    }
    return table[v];
  }

  refuse(code: NctsError['code'], pointer: string, reason: string, message: string) {
    this.errors.push({ code, pointer, reason, message });
  }
}
