import { randomBytes } from 'node:crypto';
import { PayloadKeyError } from './aes-gcm-payload.codec';
import { SecretBox } from './secret-box';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

describe('SecretBox (secrets at rest)', () => {
  it('seals with the active key, leaves nothing readable, and opens again', () => {
    const box = SecretBox.create({ keys: `k1:${k1}`, activeKeyId: 'k1' });
    const stored = box.seal('s3cret-signing-key');
    expect(stored).toMatch(/^aesgcm:k1:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain('s3cret');
    expect(box.seal('s3cret-signing-key')).not.toBe(stored); // fresh IV
    expect(box.open(stored)).toBe('s3cret-signing-key');
  });

  it('rotates: a secret sealed under the old key opens once both keys are configured', () => {
    const old = SecretBox.create({ keys: `k1:${k1}`, activeKeyId: 'k1' }).seal('rotate-me');
    const rotated = SecretBox.create({ keys: `k1:${k1},k2:${k2}`, activeKeyId: 'k2' });
    expect(rotated.open(old)).toBe('rotate-me');
    expect(rotated.seal('rotate-me')).toMatch(/^aesgcm:k2:/);
  });

  it('refuses a secret whose key is gone, and one that was altered', () => {
    const sealed = SecretBox.create({ keys: `k1:${k1}`, activeKeyId: 'k1' }).seal('x');
    expect(() => SecretBox.create({ keys: `k2:${k2}`, activeKeyId: 'k2' }).open(sealed)).toThrow(PayloadKeyError);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${sealed.slice(0, -2)}${last}${sealed.slice(-1)}`;
    expect(() => SecretBox.create({ keys: `k1:${k1}`, activeKeyId: 'k1' }).open(tampered)).toThrow();
  });

  it('without keys (development) stores values as they are; plain legacy values open as themselves', () => {
    const plain = SecretBox.create(undefined);
    expect(plain.seal('dev-secret')).toBe('dev-secret');
    expect(SecretBox.create({ keys: `k1:${k1}`, activeKeyId: 'k1' }).open('legacy-plain')).toBe('legacy-plain');
  });
});
