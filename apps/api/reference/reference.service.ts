import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Declaration } from '../../../domain/schemas/declaration';
import type { TransitDeclaration } from '../../../domain/schemas/transit';
import {
  checkDeclarationReferences,
  checkTransitReferences,
  type ValidationRefs,
} from '../../../domain/validation';
import { fetchValidationRefs } from '../../../activities/reference';
import { ValidationFailed } from '../common/errors';
import { PG_POOL } from '../infra/tokens';

const TTL_MS = 60_000;

/**
 * Reference data for the checks the zod schemas cannot make (HS nomenclature, offices), read from
 * PostgreSQL and kept for a minute: a request must not reload 6,000 HS lines.
 */
@Injectable()
export class ReferenceService {
  private cached?: { at: number; refs: Promise<ValidationRefs> };

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  refs(): Promise<ValidationRefs> {
    if (!this.cached || Date.now() - this.cached.at > TTL_MS) {
      const refs = fetchValidationRefs(this.pool);
      refs.catch(() => (this.cached = undefined));
      this.cached = { at: Date.now(), refs };
    }
    return this.cached.refs;
  }

  async assertDeclaration(decl: Declaration): Promise<void> {
    const issues = checkDeclarationReferences(decl, await this.refs());
    if (issues.length) throw new ValidationFailed(issues, 'the declaration is not valid');
  }

  async assertTransit(t: TransitDeclaration): Promise<void> {
    const issues = checkTransitReferences(t, await this.refs());
    if (issues.length) throw new ValidationFailed(issues, 'the transit declaration is not valid');
  }
}
