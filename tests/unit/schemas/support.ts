import type { z } from 'zod';
import { formatZodIssues, type FieldIssue } from '../../../domain/validation';

/** The field issues a schema reports for an input, as the API would answer them. */
export function issuesOf(schema: z.ZodType, input: unknown): FieldIssue[] {
  const r = schema.safeParse(input);
  if (r.success) return [];
  return formatZodIssues(r.error, input);
}
