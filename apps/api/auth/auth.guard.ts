import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Config } from '../../../config/env';
import { servedBy } from '../../../config/administrations';
import { AUTH_SECRET, CONFIG } from '../infra/tokens';
import { CODEC_COOKIE, verifyToken, type Principal, type Role } from './tokens';

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

const PUBLIC = 'clearway:public';
const ROLES_KEY = 'clearway:roles';
const COOKIE = 'clearway:cookie';
const SIGNED = 'clearway:signed';

/** Marks a route as open (only /health). Everything else needs a bearer token. */
export const Public = () => SetMetadata(PUBLIC, true);
/**
 * The token may also come from the codec session cookie (only the codec routes: the Temporal UI's
 * requests cannot carry a bearer token; the cookie is HttpOnly, SameSite=Strict, Path=/codec).
 */
export const CookieAuth = () => SetMetadata(COOKIE, true);
/**
 * A compact JWS body (`application/jose`) authenticates itself: the route verifies its signature
 * against the partner directory before anything else (the signed exchange, docs/exchange.md).
 * Any other body on the route needs the bearer token as usual.
 */
export const SignedBody = () => SetMetadata(SIGNED, true);
/** Roles allowed on a route; a route without @Roles is denied to everyone (secure by default). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal =>
    ctx.switchToHttp().getRequest<Request & { principal: Principal }>().principal,
);

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly served: ReadonlySet<string>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SECRET) private readonly secret: string,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.served = servedBy(config);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (this.reflector.getAllAndOverride<boolean>(SIGNED, targets) && req.is('application/jose')) return true;
    const header = req.headers.authorization ?? '';
    const token =
      /^Bearer\s+(\S+)$/i.exec(header)?.[1] ??
      (this.reflector.getAllAndOverride<boolean>(COOKIE, targets) ? cookie(req, CODEC_COOKIE) : undefined);
    if (!token) throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <token>)');
    let principal: Principal;
    try {
      principal = verifyToken(this.secret, token, this.config.CLEARWAY_TOKEN_MAX_TTL);
    } catch {
      throw new UnauthorizedException('the bearer token is invalid or expired');
    }
    // A token of only administrations this node does not serve gets nothing here (issue 15).
    if (!principal.countries.some((c) => this.served.has(c)))
      throw new ForbiddenException(
        `this node serves ${[...this.served].join(', ')}; the token is for ${principal.countries.join(', ')}`,
      );
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(principal.role)) {
      throw new ForbiddenException(`role ${principal.role} may not call this route`);
    }
    return true;
  }
}
