import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import {
  amendTransitGuarantee,
  notifyArrival,
  recordUnloadingRemarks,
  presentTransitGoods,
  requestInvalidation,
  type TransitInput,
  type TransitView,
} from '../../../contracts';
import { mapCC015C, type MappedMessage } from '../../../domain/ncts/cc015c';
import { build, office } from '../../../domain/ncts/envelope';
import {
  mapCC007C,
  mapCC013C,
  mapCC014C,
  mapCC044C,
  mapCC170C,
  movementRef,
  undeclaredItemsAsConsignment,
} from '../../../domain/ncts/follow-ups';
import { messagesOf, type OutboundMessage } from '../../../domain/ncts/outbound';
import { refusalErrors } from '../../../domain/ncts/refusal';
import { textAt, type XmlNode } from '../../../domain/ncts/tree';
import { el } from '../../../domain/ncts/xml-writer';
import { decodeHistoryPayloads, fetchHistory } from '../../shared/histories';
import { inScope, type Principal } from '../auth/tokens';
import { parseOr400, ValidationFailed } from '../common/errors';
import { TEMPORAL_CLIENT } from '../infra/tokens';
import { ReferenceService } from '../reference/reference.service';
import {
  AmendmentBody,
  ArrivalBody,
  InvalidationBody,
  PresentationBody,
  UnloadingRemarksBody,
} from '../transits/dto';
import { checkLodging } from '../transits/lodging';
import { TransitsService } from '../transits/transits.service';
import { NctsDoor } from './ncts-door';
import type { XmlReply } from './xml-body';

/** CL217 security -> the MRN's procedure category (docs/ncts.md). */
const PROCEDURE_CATEGORY: Readonly<Record<string, string>> = { '0': 'J', '1': 'L', '2': 'K', '3': 'M' };

/** Follow-ups: the JSON body they map to, the update it is sent as, and who may send it (as the JSON route). */
const FOLLOW_UPS = {
  CC013C: {
    map: mapCC013C,
    schema: AmendmentBody,
    update: amendTransitGuarantee,
    role: 'clearance-system',
    answer: 'IE004',
  },
  CC014C: {
    map: mapCC014C,
    schema: InvalidationBody,
    update: requestInvalidation,
    role: 'clearance-system',
    answer: 'IE009',
  },
  CC170C: {
    map: mapCC170C,
    schema: PresentationBody,
    update: presentTransitGoods,
    role: 'clearance-system',
    answer: 'IE028',
  },
  CC007C: { map: mapCC007C, schema: ArrivalBody, update: notifyArrival, role: 'officer', answer: 'IE043' },
  CC044C: {
    map: mapCC044C,
    schema: UnloadingRemarksBody,
    update: recordUnloadingRemarks,
    role: 'officer',
    answer: 'IE025',
  },
} as const;
export const FOLLOW_UP_ROOTS = ['CC013C', 'CC014C', 'CC170C', 'CC007C', 'CC044C'] as const;

/**
 * NCTS phase 5 XML in and out: each message is validated against the XSD set (NctsDoor), mapped to
 * the body of the JSON route that carries the same command (domain/ncts), checked by the same
 * schema, reference and workflow rules, and answered with the NCTS message (IE928, IE004, IE009,
 * IE028 after an IE170, IE043, IE025) or the rejection (IE056 / IE057) naming each element at fault.
 */
@Injectable()
export class NctsService {
  constructor(
    private readonly door: NctsDoor,
    private readonly transits: TransitsService,
    private readonly reference: ReferenceService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  async lodge(body: unknown, principal: Principal): Promise<XmlReply> {
    const read = await this.door.read(body, ['CC015C']);
    if ('reply' in read) return read.reply;
    const root = read.root;
    const m = mapCC015C(root);
    const checked = await this.check(root, m, () => checkLodging(m.body, this.reference));
    if ('reply' in checked) return checked.reply;
    const { t, tirCarnetNumber } = checked.value;
    if (!inScope(principal, t.officeOfDeparture.slice(0, 2), t.officeOfDeparture))
      throw new ForbiddenException(`office ${t.officeOfDeparture} is outside your scope`);
    const category = PROCEDURE_CATEGORY[textAt(root, 'TransitOperation/security') ?? '0'];
    let res;
    try {
      res = await this.transits.lodge(t, tirCarnetNumber, principal, category);
    } catch (err) {
      if (!(err instanceof ConflictException)) throw err;
      return this.door.reject(root, 409, [
        { code: '14', pointer: m.pointers.get('lrn') ?? root.path, reason: 'CW-LRN', message: err.message },
      ]);
    }
    const holder = t.holder.tin ?? t.holder.name;
    const ack = build(
      'IE928',
      {
        mrn: res.mrn,
        lrn: t.lrn,
        at: new Date().toISOString(),
        country: t.officeOfDeparture.slice(0, 2),
        recipient: textAt(root, 'messageSender') ?? holder,
      },
      [
        el('TransitOperation', el('LRN', t.lrn)),
        office('CustomsOfficeOfDeparture', t.officeOfDeparture),
        el(
          'HolderOfTheTransitProcedure',
          holder.length <= 17 ? el('identificationNumber', holder) : el('name', holder.slice(0, 70)),
        ),
      ],
    );
    return {
      status: 202,
      xml: ack.xml,
      headers: { location: `/v1/transits/${res.mrn}`, 'x-clearway-mrn': res.mrn, 'x-ncts-message': 'IE928' },
    };
  }

  /** A follow-up message of movement `mrn`, from one of `expected` roots. */
  async followUp(
    mrn: string,
    body: unknown,
    principal: Principal,
    expected: readonly string[],
  ): Promise<XmlReply> {
    const view = await this.transits.get(mrn, principal);
    const known = { mrn, lrn: view.lrn, office: view.office };
    const read = await this.door.read(body, expected, known);
    if ('reply' in read) return read.reply;
    const root = read.root;
    const ref = movementRef(root);
    if ((ref.mrn && ref.mrn !== mrn) || (!ref.mrn && ref.lrn && ref.lrn !== view.lrn))
      return this.door.reject(
        root,
        400,
        [
          {
            code: '90',
            pointer: ref.pointer,
            reason: 'CW-MRN',
            message: `this message is about ${ref.mrn ?? ref.lrn}, not movement ${mrn}`,
          },
        ],
        known,
      );
    const f = FOLLOW_UPS[root.name as keyof typeof FOLLOW_UPS];
    if (principal.role !== f.role)
      throw new ForbiddenException(`a ${root.name} is sent by the ${f.role} role`);
    const m = f.map(root);
    if (root.name === 'CC044C') {
      const declared = (await this.declarationOf(mrn))?.consignment.items.map((i) => i.seq) ?? [];
      m.body = undeclaredItemsAsConsignment(m.body, new Set(declared));
    }
    const checked = await this.check(
      root,
      m,
      async () => parseOr400(f.schema as typeof AmendmentBody, m.body, root.name),
      known,
    );
    if ('reply' in checked) return checked.reply;
    const b = checked.value;
    if (f.role === 'clearance-system') {
      if (!inScope(principal, view.country, view.office))
        throw new ForbiddenException(`movement ${mrn} was lodged at ${view.office}, outside your scope`);
    } else {
      const o = (b as unknown as { office: string }).office;
      if (!inScope(principal, o.slice(0, 2), o))
        throw new ForbiddenException(`office ${o} is outside your scope`);
    }
    const by = f.role === 'clearance-system' ? { by: principal.sub } : { officer: principal.sub };
    let after: TransitView;
    try {
      after = await this.transits.update(
        mrn,
        principal,
        f.update as typeof amendTransitGuarantee,
        { ...b, ...by } as never,
      );
    } catch (err) {
      if (!(err instanceof ConflictException)) throw err;
      return this.door.reject(
        root,
        409,
        [{ code: '92', pointer: root.path, reason: 'CW-SEQ', message: err.message }],
        known,
      );
    }
    const answer = messagesOf({ view: after })
      .filter((x) => x.type === f.answer)
      .pop();
    return answer
      ? { status: 200, xml: answer.xml, headers: { 'x-ncts-message': answer.type } }
      : { status: 202, xml: '', headers: { 'x-clearway-state': after.state } };
  }

  /** Every NCTS message the movement has produced, built from its view and the declaration it was lodged with. */
  async messages(mrn: string, principal: Principal): Promise<OutboundMessage[]> {
    const view = await this.transits.get(mrn, principal);
    return messagesOf({ view, declaration: await this.declarationOf(mrn) });
  }

  /** The lodged declaration, from the workflow's start input (the case view keeps no goods items). */
  private async declarationOf(mrn: string) {
    const { history } = await fetchHistory(this.client, `transit/${mrn}`);
    await decodeHistoryPayloads(history, this.client.options.dataConverter.payloadCodecs ?? []);
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    if (!payload) return undefined;
    const conv = (
      this.client.options as { loadedDataConverter: { payloadConverter: { fromPayload<T>(p: unknown): T } } }
    ).loadedDataConverter.payloadConverter;
    return conv.fromPayload<TransitInput>(payload).declaration;
  }

  /** Runs the JSON route's checks on a mapped message; a refusal comes back as the IE056/IE057 naming the elements. */
  private async check<T>(
    root: XmlNode,
    m: MappedMessage,
    run: () => Promise<T>,
    known?: { mrn?: string; lrn?: string; office?: string },
  ): Promise<{ value: T } | { reply: XmlReply }> {
    if (m.errors.length) return { reply: this.door.reject(root, 400, m.errors, known) };
    try {
      return { value: await run() };
    } catch (err) {
      if (err instanceof ValidationFailed)
        return {
          reply: this.door.reject(root, 400, refusalErrors(err.issues, m.pointers, root.path), known),
        };
      throw err;
    }
  }
}
