import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../../../config/env';

/** The origins the codec routes answer cross-origin: the Temporal UI's (CLEARWAY_CODEC_ORIGINS). */
export function codecOrigins(config: Config): string[] {
  return (
    config.CLEARWAY_CODEC_ORIGINS ??
    `http://127.0.0.1:${config.TEMPORAL_UI_PORT},http://localhost:${config.TEMPORAL_UI_PORT}`
  )
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/**
 * CORS for /codec only: the Temporal UI calls it from its own origin, with credentials (the codec
 * session cookie). An origin not listed gets no CORS headers, so its browser refuses the answer.
 */
export function codecCors(config: Config) {
  const allowed = new Set(codecOrigins(config));
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method !== 'OPTIONS') return next();
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Methods', 'POST, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}
