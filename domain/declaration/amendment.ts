import type { Declaration } from '../schemas/declaration';
import type { DeclarationChanges } from '../../contracts/declaration';

/**
 * The declaration with whole sections replaced (an amendment, or corrections found at control). The
 * API validated the merged declaration before sending the command; here the merge is plain data.
 */
export function mergeChanges(decl: Declaration, changes: DeclarationChanges): Declaration {
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  return { ...decl, ...defined };
}
