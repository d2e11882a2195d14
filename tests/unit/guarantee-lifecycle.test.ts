import { applyReserve, extensionRefusal } from '../../domain/guarantee';
import {
  applyExpiry,
  applyExpiryWarning,
  applyExtension,
  applyRevocation,
  guaranteeCaseView,
  guaranteeState,
  revocationRefusal,
  settled,
} from '../../domain/guarantee/lifecycle';
import { GuaranteeRegistrationSchema } from '../../domain/schemas/guarantee';
import { example } from '../support/examples';

const registration = () => GuaranteeRegistrationSchema.parse(example('guarantee.json'));
const req = {
  mrn: '26CN00000000000018',
  amount: '100.00',
  currency: 'USD',
  accessCode: '7391',
  countries: ['CN'],
  offices: ['CNURU001', 'KGBIS001'],
};

describe('guarantee lifecycle: the state as one value, a pure apply for each signal and timer', () => {
  test('a first run starts from the registration; a continued run from what it carried', () => {
    const g = guaranteeState({ registration: registration() });
    expect(g).toMatchObject({ generation: 0, timeline: [] });
    expect(g.ledger.status).toBe('ACTIVE');
    const carried = guaranteeState({
      registration: registration(),
      carried: { ledger: g.ledger, timeline: [], generation: 3 },
    });
    expect(carried.generation).toBe(3);
    expect(carried.ledger).toBe(g.ledger);
    expect(guaranteeCaseView(carried, 'guarantee/x', 'cs-1', { stuck: false })).toMatchObject({
      caseId: 'guarantee/x',
      kind: 'guarantee',
      state: 'ACTIVE',
      generation: 3,
      stuck: false,
    });
    const stuckSince = '2026-12-02T10:00:00.000Z';
    expect(guaranteeCaseView(carried, 'guarantee/x', 'cs-1', { stuck: true, stuckSince })).toMatchObject({
      stuck: true,
      stuckSince,
    });
  });

  test('a revocation applies once: a second is ignored with the reason; revoked with nothing open is settled', () => {
    const { ledger } = guaranteeState({ registration: registration() });
    expect(revocationRefusal(ledger)).toBeUndefined();
    expect(applyRevocation(ledger, { reason: 'guarantor withdrew', by: 'sup' })).toEqual({
      type: 'state',
      state: 'REVOKED',
      actor: 'sup',
      reason: 'guarantor withdrew',
    });
    expect(ledger.statusReason).toBe('guarantor withdrew');
    expect(revocationRefusal(ledger)).toBe('already REVOKED');
    expect(settled(ledger)).toBe(true);
  });

  test('an extension moves the end and re-arms the warning; an expired guarantee with an open movement is not settled', () => {
    const { ledger } = guaranteeState({ registration: registration() });
    applyReserve(ledger, req, '2026-11-27T00:00:00.000Z');
    const warning = applyExpiryWarning(ledger);
    expect(warning).toMatchObject({ type: 'expiry-warning', data: { offices: ['CNURU001', 'KGBIS001'] } });
    expect(ledger.warnedFor).toBe(ledger.validUntil);
    const previous = ledger.validUntil;
    const later = `${Number(previous.slice(0, 4)) + 1}${previous.slice(4)}`;
    expect(extensionRefusal(ledger, later)).toBeUndefined();
    expect(applyExtension(ledger, { validUntil: later, by: 'sup' })).toMatchObject({
      type: 'validity-extended',
      data: { validUntil: later, previous },
    });
    expect(ledger.warnedFor).not.toBe(ledger.validUntil);
    expect(applyExpiry(ledger)).toMatchObject({ type: 'state', state: 'EXPIRED' });
    expect(settled(ledger)).toBe(false);
  });
});
