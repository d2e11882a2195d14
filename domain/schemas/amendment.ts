import { z } from 'zod';
import { DeclarationObjectSchema, DeclarationSchema, DocumentSchema, type Declaration } from './declaration';
import { cleanSoFar, issue, Text } from './common';

/**
 * Amendment of a lodged declaration (before release; IE013-like for transit). `changes` replaces
 * whole top-level sections of the declaration (the items list is replaced as a whole); identity
 * fields (lrn, type, declarant) cannot change. The merged declaration is validated again.
 */
export const AmendableDeclarationSchema = DeclarationObjectSchema.omit({
  lrn: true,
  type: true,
  declarant: true,
})
  .partial()
  // no defaults in a change set: an absent section means "unchanged", not "empty"
  .extend({ documents: z.array(DocumentSchema).optional() });

export const AmendmentSchema = z
  .object({
    reason: Text(512, { lines: true }),
    changes: AmendableDeclarationSchema,
  })
  .superRefine(
    (a, ctx) => {
      if (Object.keys(a.changes).length === 0)
        issue(ctx, 'required', 'an amendment must change at least one field', ['changes']);
    },
    { when: cleanSoFar },
  );
export type Amendment = z.infer<typeof AmendmentSchema>;
export type AmendmentInput = z.input<typeof AmendmentSchema>;

/** Applies an amendment and re-validates: returns the new declaration or the zod error. */
export function applyAmendment(
  decl: Declaration,
  amendment: Amendment,
): ReturnType<typeof DeclarationSchema.safeParse> {
  const defined = Object.fromEntries(Object.entries(amendment.changes).filter(([, v]) => v !== undefined));
  return DeclarationSchema.safeParse({ ...decl, ...defined });
}
