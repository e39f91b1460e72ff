import { checkoutClickIdCandidates } from './checkout-click-id';

const A = '3f0c1a52-9d1e-4b8e-a2f4-6c7d8e9f0a1b';
const B = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

describe('checkoutClickIdCandidates (seed precedence for checkout.session.completed)', () => {
  it.each([
    ['a valid UUID client_reference_id', { client_reference_id: A }, [A]],
    ['an upper-case UUID client_reference_id, normalised to lower case', { client_reference_id: A.toUpperCase() }, [A]],
    ['a mixed-case UUID in metadata.aff_click_id', { metadata: { aff_click_id: '7A8B9C0D-1e2f-4A3B-8c4d-5E6F7a8b9c0d' } }, [B]],
    ['metadata.aff_click_id alone', { client_reference_id: null, metadata: { aff_click_id: B } }, [B]],
    ['both present: client_reference_id first', { client_reference_id: A, metadata: { aff_click_id: B } }, [A, B]],
    ['both present and equal: listed once', { client_reference_id: A, metadata: { aff_click_id: A.toUpperCase() } }, [A]],
    ['a non-UUID merchant reference defers to metadata', { client_reference_id: 'my_internal_ref_123', metadata: { aff_click_id: B } }, [B]],
    ['a non-UUID merchant reference and no metadata: no signal', { client_reference_id: 'order-42', metadata: {} }, []],
    ['empty strings: no signal', { client_reference_id: '', metadata: { aff_click_id: '' } }, []],
    ['whitespace-only values: no signal', { client_reference_id: '   ', metadata: { aff_click_id: ' ' } }, []],
    ['surrounding whitespace is trimmed', { client_reference_id: ` ${A} ` }, [A]],
    ['absent keys: no signal', {}, []],
    ['metadata null: no signal', { client_reference_id: null, metadata: null }, []],
    ['a UUID with a missing group is not a UUID', { client_reference_id: '3f0c1a52-9d1e-4b8e-a2f4', metadata: { aff_click_id: B } }, [B]],
    ['a UUID with extra characters is not a UUID', { client_reference_id: `${A}x` }, []],
    ['a braced UUID is not accepted', { client_reference_id: `{${A}}` }, []],
    ['a non-string aff_click_id is ignored', { metadata: { aff_click_id: 42 } }, []],
    ['an invalid aff_click_id is ignored', { client_reference_id: A, metadata: { aff_click_id: 'not-a-uuid' } }, [A]],
  ])('%s', (_name, session, expected) => {
    expect(checkoutClickIdCandidates(session)).toEqual(expected);
  });
});
