import {
  BadRequestException,
  Injectable,
  OnModuleDestroy,
  ServiceUnavailableException,
} from '@nestjs/common';
import { nctsXsdDir } from '../../../config/paths';
import { rejection, type RejectionFacts } from '../../../domain/ncts/envelope';
import { movementRef } from '../../../domain/ncts/follow-ups';
import { textAt, type NctsError, type XmlNode } from '../../../domain/ncts/tree';
import { NCTS_NS } from '../../../domain/ncts/xml-writer';
import { parseNcts } from './parse';
import type { XmlReply } from './xml-body';
import { NctsSchemas, type XsdIssue } from './xsd';

/** Which side answers a message, and as which rejected message type (CL560 / CL570). */
export const MESSAGE_SIDES: Readonly<Record<string, { side: RejectionFacts['side']; rejected: string }>> = {
  CC015C: { side: 'departure', rejected: '015' },
  CC013C: { side: 'departure', rejected: '013' },
  CC014C: { side: 'departure', rejected: '014' },
  CC170C: { side: 'departure', rejected: '170' },
  CC007C: { side: 'destination', rejected: '007' },
  CC044C: { side: 'destination', rejected: '044' },
};

/** What the route already knows about the movement, preferred over the message's own references. */
export interface Known {
  mrn?: string;
  lrn?: string;
  office?: string;
}

const MRN = /^([2][4-9]|[3-9][0-9])[A-Z]{2}[A-Z0-9]{12}[J-M][0-9]$/;

/** A schema finding as an NCTS functional error: missing (13), not allowed (15), else a bad value (12). */
function xsdError(i: XsdIssue, rootPath: string): NctsError {
  const code = /Missing child element/.test(i.message) ? '13' : /not expected/.test(i.message) ? '15' : '12';
  return { code, pointer: i.xpath ?? rootPath, reason: 'XSD', message: i.message };
}

/**
 * The XML door's first half, shared by every route that takes an NCTS message: the body must be XML
 * (else 400), valid against the phase 5 XSD set and the message the route expects (else the IE056 or
 * IE057 naming each element); then the mappers (domain/ncts) read it.
 */
@Injectable()
export class NctsDoor implements OnModuleDestroy {
  readonly schemas = new NctsSchemas(nctsXsdDir());

  onModuleDestroy() {
    return this.schemas.close();
  }

  async read(
    body: unknown,
    expected: readonly string[],
    known: Known = {},
  ): Promise<{ root: XmlNode } | { reply: XmlReply }> {
    if (typeof body !== 'string' || !body.trim())
      throw new BadRequestException(
        'the body is not an NCTS message: send the XML with Content-Type application/xml',
      );
    if (/<!DOCTYPE/i.test(body)) throw new BadRequestException('an NCTS message carries no DOCTYPE');
    if (!this.schemas.available())
      throw new ServiceUnavailableException(
        `the NCTS XSD set is not installed at ${this.schemas.dir} (CLEARWAY_NCTS_XSD_DIR)`,
      );
    const v = await this.schemas.validate(body);
    if (!v.wellFormed)
      throw new BadRequestException(
        `the body is not well-formed XML: ${v.issues[0]?.message ?? 'unreadable'} (line ${v.issues[0]?.line ?? 0})`,
      );
    const root = parseNcts(body);
    if (v.namespace !== NCTS_NS || !v.root || !expected.includes(v.root))
      return {
        reply: this.reject(
          root,
          400,
          [
            {
              code: '14',
              pointer: root.path,
              reason: 'CW-MSG',
              message: `this route takes ${expected.join(', ')} in ${NCTS_NS}, not ${v.root ?? 'this document'}`,
            },
          ],
          known,
        ),
      };
    if (v.issues.length)
      return {
        reply: this.reject(
          root,
          400,
          v.issues.map((i) => xsdError(i, root.path)),
          known,
        ),
      };
    return { root };
  }

  /** The IE056 / IE057 answering `root` with these errors. */
  reject(
    root: XmlNode,
    status: number,
    errors: NctsError[],
    known: { mrn?: string; lrn?: string; office?: string } = {},
  ): XmlReply {
    const kind = MESSAGE_SIDES[root.name] ?? MESSAGE_SIDES.CC015C;
    const ref = movementRef(root);
    const departure = kind.side === 'departure';
    const msg = rejection({
      side: kind.side,
      rejected: kind.rejected,
      // a rejection repeats only what is valid: it must pass the same XSD as every message Clearway sends
      mrn: known.mrn ?? (ref.mrn && MRN.test(ref.mrn) ? ref.mrn : undefined),
      lrn: ref.lrn ?? known.lrn,
      office:
        (departure
          ? textAt(root, 'CustomsOfficeOfDeparture/referenceNumber')
          : textAt(root, 'CustomsOfficeOfDestinationActual/referenceNumber')) ??
        known.office ??
        '',
      partyId: departure
        ? textAt(root, 'HolderOfTheTransitProcedure/identificationNumber')
        : textAt(root, 'TraderAtDestination/identificationNumber'),
      at: new Date().toISOString(),
      recipient: textAt(root, 'messageSender') ?? 'UNKNOWN',
      errors,
    });
    return { status, xml: msg.xml, headers: { 'x-ncts-message': msg.type } };
  }
}
