import { nctsXsdDir } from '../../config/paths';
import { NctsSchemas } from '../../apps/api/ncts/xsd';
import { kitManifest, kitName, readSample } from '../support/ncts-kit';

const schemas = new NctsSchemas(nctsXsdDir());
afterAll(() => schemas.close());

test('every kit sample is schema-valid or -invalid as the kit says, and the first finding names the element', async () => {
  const outcomes: string[] = [];
  for (const s of kitManifest()) {
    const r = await schemas.validate(readSample(s));
    expect(r).toMatchObject({ wellFormed: true, root: s.root, namespace: 'http://ncts.dgtaxud.ec' });
    outcomes.push(`${kitName(s)} ${r.issues.length ? 'invalid' : 'valid'}`);
    if (r.issues.length) expect(r.issues[0].xpath).toMatch(new RegExp(`^/ncts:${s.root}/`));
  }
  expect(outcomes).toEqual(kitManifest().map((s) => `${kitName(s)} ${s.xsd_expected}`));
});

test('the XPath of a schema finding is the element at fault', async () => {
  const r = await schemas.validate(readSample('IE015-gb-xsdneg-accesscode-length-01'));
  expect(r.issues).toEqual([
    expect.objectContaining({
      xpath: '/ncts:CC015C/Guarantee/GuaranteeReference/accessCode',
      message: expect.stringMatching(/length of '3'/),
    }),
  ]);
});

test('a body that is not XML is not well-formed; an unknown root is named', async () => {
  expect(await schemas.validate('{"lrn": "x"}')).toMatchObject({ wellFormed: false });
  const r = await schemas.validate('<ncts:CC999C xmlns:ncts="http://ncts.dgtaxud.ec"/>');
  expect(r).toMatchObject({ wellFormed: true, root: 'CC999C', issues: [{ xpath: '/CC999C' }] });
});
