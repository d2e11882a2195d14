import { Injectable } from '@nestjs/common';
import type { MappedMessage } from '../../../domain/ncts/cc015c';
import { mapCC007C, mapCC044C } from '../../../domain/ncts/follow-ups';
import { refusalErrors } from '../../../domain/ncts/refusal';
import { pathOf, textAt } from '../../../domain/ncts/tree';
import type { Principal } from '../auth/tokens';
import { parseOr400, ValidationFailed } from '../common/errors';
import { ExchangeMessageBody, type ExchangeOutcome } from '../exchange/dto';
import { ExchangeService } from '../exchange/exchange.service';
import { NctsDoor } from './ncts-door';
import type { XmlReply } from './xml-body';

/** The exchange type a partner's NCTS message is applied as: arrival (IE006) and unloading remarks (IE018). */
const AS_EXCHANGE = {
  CC007C: { type: 'IE006', map: mapCC007C },
  CC044C: { type: 'IE018', map: mapCC044C },
} as const;

/**
 * `/v1/exchange/messages` with an NCTS body: another administration's system sends the CC007C or
 * CC044C its trader sent it, about a movement lodged here. Validated and mapped like the trader's
 * message, then received as the JSON exchange message it stands for (inbox, message-id dedupe on
 * `messageIdentification`, the same update).
 */
@Injectable()
export class ExchangeXml {
  constructor(
    private readonly door: NctsDoor,
    private readonly exchange: ExchangeService,
  ) {}

  async receive(body: unknown, principal: Principal): Promise<XmlReply | ExchangeOutcome> {
    const read = await this.door.read(body, Object.keys(AS_EXCHANGE));
    if ('reply' in read) return read.reply;
    const root = read.root;
    const as = AS_EXCHANGE[root.name as keyof typeof AS_EXCHANGE];
    const m: MappedMessage = as.map(root);
    if (m.errors.length) return this.door.reject(root, 400, m.errors);
    const pointers = new Map([...m.pointers].map(([k, v]) => [`body.${k}`, v]));
    pointers.set('messageId', pathOf(root, 'messageIdentification'));
    pointers.set('mrn', pathOf(root, 'TransitOperation/MRN'));
    const sent = textAt(root, 'preparationDateAndTime');
    let message;
    try {
      message = parseOr400(
        ExchangeMessageBody,
        {
          messageId: textAt(root, 'messageIdentification'),
          mrn: textAt(root, 'TransitOperation/MRN'),
          type: as.type,
          ...(sent ? { sentAt: `${sent}Z` } : {}),
          body: m.body,
        },
        'exchange message',
      );
    } catch (err) {
      if (err instanceof ValidationFailed)
        return this.door.reject(root, 400, refusalErrors(err.issues, pointers, root.path));
      throw err;
    }
    return this.exchange.receive(message, principal);
  }
}
