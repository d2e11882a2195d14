import { Body, Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { CookieAuth, CurrentPrincipal, Roles } from '../auth/auth.guard';
import { CODEC_COOKIE, type Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { CodecService } from './codec.service';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
export const CodecBodySchema = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() }))
    .max(1000),
});

/**
 * Temporal's remote codec protocol for the Temporal UI (`POST /codec/decode`, `/codec/encode`), for
 * administrators. The UI cannot send Clearway's bearer token, so an administrator opens a codec
 * session first (`POST /codec/session` with the token, from the console): an HttpOnly cookie scoped to
 * /codec, which the UI sends with "include cross-origin credentials". CORS: apps/api/codec/cors.ts.
 */
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  @Roles('administrator')
  @CookieAuth()
  async decode(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const { payloads } = parseOr400(CodecBodySchema, body);
    return { payloads: await this.codec.decode(payloads, principal) };
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('administrator')
  @CookieAuth()
  async encode(@Body() body: unknown) {
    const { payloads } = parseOr400(CodecBodySchema, body);
    return { payloads: await this.codec.encode(payloads) };
  }

  /** The caller's bearer token as the codec cookie, for as long as the token lives. */
  @Post('session')
  @HttpCode(204)
  @Roles('administrator')
  session(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')![1];
    const { exp } = jwt.decode(token) as { exp: number }; // verified by the guard: exp is there
    res.cookie(CODEC_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/codec',
      maxAge: Math.max(0, exp * 1000 - Date.now()),
    });
  }

  @Delete('session')
  @HttpCode(204)
  @Roles('administrator')
  @CookieAuth()
  endSession(@Res({ passthrough: true }) res: Response) {
    res.clearCookie(CODEC_COOKIE, { path: '/codec' });
  }
}
