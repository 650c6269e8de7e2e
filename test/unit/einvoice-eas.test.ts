import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointProblem, vatEndpoint } from '../../src/einvoice/eas.ts';

describe('Peppol electronic addresses', () => {
  it('makes a VAT number an address under its country\'s scheme', () => {
    assert.deepEqual(vatEndpoint('de 136 695 976'), { id: 'DE136695976', scheme: '9930' });
    assert.deepEqual(vatEndpoint('NL-0044.95445.B01'), { id: 'NL004495445B01', scheme: '9944' });
    assert.equal(vatEndpoint('DE136695977'), null, 'a wrong check digit is no address');
    assert.equal(vatEndpoint(null), null);
  });

  it('checks the schemes Peppol checks fatally, and only takes schemes from its list', () => {
    assert.equal(endpointProblem({ id: '4000001000005', scheme: '0088' }), null);
    assert.match(endpointProblem({ id: '4000001000006', scheme: '0088' })!, /GLN/);
    assert.equal(endpointProblem({ id: '0403170701', scheme: '0208' }), null);
    assert.match(endpointProblem({ id: '0403170702', scheme: '0208' })!, /Belgian/);
    assert.equal(endpointProblem({ id: '923609016', scheme: '0192' }), null);
    assert.match(endpointProblem({ id: '923609017', scheme: '0192' })!, /Norwegian/);
    assert.equal(endpointProblem({ id: 'DE136695976', scheme: '9930' }), null);
    assert.match(endpointProblem({ id: 'NL004495445B01', scheme: '9930' })!, /DE VAT/);
    assert.match(endpointProblem({ id: 'billing@example.com', scheme: 'EM' })!, /not in Peppol/);
    assert.match(endpointProblem({ id: 'a b', scheme: '0060' })!, /without spaces/);
  });
});
