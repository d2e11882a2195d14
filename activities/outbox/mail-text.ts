import type { OutgoingMessage } from './senders';

/**
 * The plain-text mail an office or supervisor receives: which case, what happened, where to look.
 * Known notices get a sentence; any other message type is named and its fields listed, so a new
 * message kind is readable without a template of its own.
 */
export interface MailText {
  subject: string;
  text: string;
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

function headline(m: OutgoingMessage): string {
  const p = m.payload;
  switch (m.type) {
    case 'case-stuck':
      return `Case ${m.caseId} is stuck in ${str(p.state) ?? 'its state'}: ${str(p.reason) ?? 'no reason given'}.`;
    case 'case-escalated':
      return `Case ${m.caseId} was escalated to the supervisor: ${str(p.reason) ?? 'no reason given'}.`;
    case 'GUARANTEE_EXPIRY_WARNING':
      return `Guarantee ${str(p.grn) ?? m.caseId} expires on ${str(p.validUntil) ?? '(unknown)'}; movements still open on it are listed below.`;
    case 'GUARANTEE_EXPIRED':
      return `Guarantee ${str(p.grn) ?? m.caseId} expired on ${str(p.validUntil) ?? '(unknown)'}; movements still open on it are listed below.`;
    default:
      return `Message ${m.type} about case ${m.caseId}.`;
  }
}

function fields(payload: Record<string, unknown>): string[] {
  return Object.entries(payload)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
}

export function mailText(m: OutgoingMessage, consoleUrl: string): MailText {
  const office = m.destination.split(':', 2)[1];
  return {
    subject: `[Clearway] ${m.type}: ${m.caseId}${office ? ` (${office})` : ''}`,
    text: [
      headline(m),
      '',
      `Case: ${m.caseId}`,
      `Console: ${consoleUrl}#/case/${m.caseId}`,
      `Message: ${m.messageId}`,
      `Sent to: ${m.destination}`,
      '',
      'Details:',
      ...fields(m.payload),
      '',
      'This message was sent by Clearway; replies to it are not read.',
      '',
    ].join('\n'),
  };
}
