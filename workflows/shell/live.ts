/**
 * A process keeps its state as one live object: the query handler, the case shell and a running SLA
 * wait hold references into it. Pure apply functions return a new value instead of changing the one
 * they got; this copies that value into the live object, so those references see it. `nested` names
 * the members whose own identity must be kept too (the view, the waiting clock). Keys the new value
 * lacks are removed.
 */
export function replaceContents<T extends object>(live: T, next: T, nested: readonly (keyof T)[] = []): void {
  const l = live as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  for (const k of Object.keys(l)) if (!(k in n)) delete l[k];
  for (const [k, v] of Object.entries(n)) {
    const current = l[k];
    if (nested.includes(k as keyof T) && current && v && typeof current === 'object' && current !== v)
      replaceContents(current as object, v as object);
    else l[k] = v;
  }
}
