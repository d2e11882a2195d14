/** Minimal YAML for plain data: strings are JSON-quoted (valid YAML), which keeps `{{ }}` templates intact. */
export function toYaml(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  const scalar = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(value)) {
    if (!value.length) return `${pad}[]\n`;
    return value
      .map((item) => {
        if (!isObj(item) && !Array.isArray(item)) return `${pad}- ${scalar(item)}\n`;
        const inner = toYaml(item, indent + 2);
        return `${pad}- ${inner.slice(indent + 2)}`;
      })
      .join('');
  }
  if (isObj(value)) {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        const key = /^[A-Za-z0-9_.-]+$/.test(k) ? k : JSON.stringify(k);
        if (Array.isArray(v) && v.length === 0) return `${pad}${key}: []\n`;
        if (isObj(v) && Object.keys(v).length === 0) return `${pad}${key}: {}\n`;
        if (isObj(v) || Array.isArray(v)) return `${pad}${key}:\n${toYaml(v, indent + 2)}`;
        return `${pad}${key}: ${scalar(v)}\n`;
      })
      .join('');
  }
  return `${pad}${scalar(value)}\n`;
}
