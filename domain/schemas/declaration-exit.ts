import { z } from 'zod';
import { OfficeCode, Text } from './common';

/**
 * Export exit confirmation at the door (docs/declaration-process.md, "Export exit confirmation"): the
 * office of exit confirms that the goods left. The officer comes from the token.
 */
export const ExitConfirmationSchema = z.strictObject({
  office: OfficeCode,
  remarks: Text(512, { lines: true }).optional(),
});
