export { declarationWorkflow } from './workflow';
export type { DeclarationInput, DeclarationSettings } from '../../contracts';
