import { apiKeyHint, generateApiKey, hashApiKey } from '@app/domain';
import { storedKey } from './stored-key';

describe('storedKey', () => {
  it('keeps a publishable key itself, beside its hash and hint', () => {
    const key = generateApiKey('publishable', 'test');
    expect(storedKey('publishable', key)).toEqual({ keyHash: hashApiKey(key), keyHint: apiKeyHint(key), publishableKey: key });
  });

  it('never keeps a secret key itself', () => {
    const key = generateApiKey('secret', 'live');
    expect(storedKey('secret', key)).toEqual({ keyHash: hashApiKey(key), keyHint: apiKeyHint(key), publishableKey: null });
  });
});
