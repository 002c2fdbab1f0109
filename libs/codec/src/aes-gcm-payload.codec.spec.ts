import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, parsePayloadKeys, PayloadKeyError } from './aes-gcm-payload.codec';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const payload = defaultPayloadConverter.toPayload({ citizenRef: 'borger-4711', birthDate: '1979-09-14' });

describe('AES-256-GCM payload codec', () => {
  it('round-trips a payload and leaves nothing readable', async () => {
    const codec = new AesGcmPayloadCodec({ k1 }, 'k1');
    const [sealed] = await codec.encode([payload]);
    expect(Buffer.from(sealed.data!).toString('latin1')).not.toContain('borger-4711');
    expect(Buffer.from(sealed.metadata!.encoding).toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed.metadata!['encryption-key-id']).toString()).toBe('k1');
    const [opened] = await codec.decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual({
      citizenRef: 'borger-4711',
      birthDate: '1979-09-14',
    });
  });

  it('uses a fresh IV each time', async () => {
    const codec = new AesGcmPayloadCodec({ k1 }, 'k1');
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('rotates: new payloads use the active key, old ones still open', async () => {
    const [old] = await new AesGcmPayloadCodec({ k1 }, 'k1').encode([payload]);
    const rotated = new AesGcmPayloadCodec({ k1, k2 }, 'k2');
    const [fresh] = await rotated.encode([payload]);
    expect(Buffer.from(fresh.metadata!['encryption-key-id']).toString()).toBe('k2');
    const opened = await rotated.decode([old, fresh]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { citizenRef: 'borger-4711', birthDate: '1979-09-14' },
      { citizenRef: 'borger-4711', birthDate: '1979-09-14' },
    ]);
  });

  it('refuses a tampered payload and an unknown key', async () => {
    const codec = new AesGcmPayloadCodec({ k1 }, 'k1');
    const [sealed] = await codec.encode([payload]);
    const tampered = Buffer.from(sealed.data!);
    tampered[20] = tampered[20] ^ 0xff;
    await expect(codec.decode([{ ...sealed, data: tampered }])).rejects.toThrow(/auth/i);
    await expect(new AesGcmPayloadCodec({ k2 }, 'k2').decode([sealed])).rejects.toThrow(PayloadKeyError);
  });

  it('passes unencrypted payloads through (history written before encryption was enabled)', async () => {
    const codec = new AesGcmPayloadCodec({ k1 }, 'k1');
    expect(await codec.decode([payload])).toEqual([payload]);
  });

  it('validates keys', () => {
    expect(() => new AesGcmPayloadCodec({ k1: randomBytes(16) }, 'k1')).toThrow(/32 bytes/);
    expect(() => new AesGcmPayloadCodec({ k1 }, 'k9')).toThrow(/not configured/);
    expect(Object.keys(parsePayloadKeys(`a:${k1.toString('base64')}, b:${k2.toString('base64')}`))).toEqual(['a', 'b']);
    expect(() => parsePayloadKeys('nokey')).toThrow(PayloadKeyError);
  });
});
