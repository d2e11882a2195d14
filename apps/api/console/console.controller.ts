import fs from 'node:fs';
import path from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/auth.guard';

/**
 * Where the static console lives: `apps/console` beside this module in the source tree, or at the
 * repository root when running compiled code from `dist/apps/api/console`.
 */
export function consoleDir(): string {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'console'),
    path.resolve(__dirname, '..', '..', '..', '..', 'apps', 'console'),
  ];
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? candidates[0];
}

/** Only these files are served: no directory listing, no path taken from the request. */
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'dead-letters.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

const SECURITY_HEADERS: Record<string, string> = {
  // The page loads its own script and style only and talks to this API only.
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/**
 * The supervisor console: static files, public because the page itself holds no data. Every data
 * call the page makes carries the bearer token the supervisor pasted, and the API checks it.
 */
@Controller('console')
export class ConsoleController {
  private readonly dir = consoleDir();

  @Get()
  @Public()
  index(@Res() res: Response) {
    this.send(res, 'index.html');
  }

  @Get(':file')
  @Public()
  asset(@Param('file') file: string, @Res() res: Response) {
    if (!Object.hasOwn(ASSETS, file)) throw new NotFoundException(`no console file ${file}`);
    this.send(res, file);
  }

  private send(res: Response, file: string) {
    res.set({ ...SECURITY_HEADERS, 'content-type': ASSETS[file] });
    res.send(fs.readFileSync(path.join(this.dir, file)));
  }
}
