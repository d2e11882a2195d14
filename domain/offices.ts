import { z } from 'zod';
import { CountryCode, OfficeCode } from './schemas/common';

/** Customs office roles (as in ../shared/examples/offices.json). */
export const OfficeRoleSchema = z.enum([
  'declaration',
  'departure',
  'transit',
  'destination',
  'exit',
  'entry',
  'guarantee',
]);
export type OfficeRole = z.infer<typeof OfficeRoleSchema>;

export const OfficeSchema = z.object({
  code: OfficeCode,
  country: CountryCode,
  name: z.string().min(1),
  roles: z.array(OfficeRoleSchema).min(1),
  /** Shared border crossing this office sits at, and the partner office facing it. */
  crossing: z.string().min(1).optional(),
  facing: OfficeCode.optional(),
});
export type Office = z.infer<typeof OfficeSchema>;

/** Offices compiled into a lookup by code. */
export class OfficeDirectory {
  private readonly byCode: ReadonlyMap<string, Office>;

  constructor(offices: readonly Office[]) {
    this.byCode = new Map(offices.map((o) => [o.code, o]));
  }

  get size(): number {
    return this.byCode.size;
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): Office | undefined {
    return this.byCode.get(code);
  }

  hasRole(code: string, role: OfficeRole): boolean {
    return this.byCode.get(code)?.roles.includes(role) ?? false;
  }

  /** The partner office across a shared crossing, if any. */
  facing(code: string): Office | undefined {
    const f = this.byCode.get(code)?.facing;
    return f ? this.byCode.get(f) : undefined;
  }

  all(): Office[] {
    return [...this.byCode.values()];
  }
}
