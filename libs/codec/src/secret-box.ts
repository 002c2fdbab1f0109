import { aesGcmOpen, aesGcmSeal, parsePayloadKeys, PayloadKeyError } from './aes-gcm-payload.codec';

const PREFIX = 'aesgcm:';

/**
 * Seals short secrets stored in Postgres (webhook signing secrets) with the payload key ring, so a database dump
 * alone cannot forge signatures. Stored form: `aesgcm:<keyId>:<base64url(iv ‖ ciphertext ‖ tag)>`; rotation works as
 * for payloads (seal with the active key, open with any configured one). Without keys (development and test only,
 * production requires PAYLOAD_KEYS) values are stored as they are, and a value without the prefix opens as itself.
 */
export class SecretBox {
  private constructor(
    private readonly keys: Record<string, Buffer> | undefined,
    private readonly activeKeyId: string | undefined,
  ) {}

  static create(encryption: { keys: string; activeKeyId: string } | undefined): SecretBox {
    if (!encryption) return new SecretBox(undefined, undefined);
    const keys = parsePayloadKeys(encryption.keys);
    if (!keys[encryption.activeKeyId])
      throw new PayloadKeyError(`the active payload key ${encryption.activeKeyId} is not configured`);
    return new SecretBox(keys, encryption.activeKeyId);
  }

  seal(plain: string): string {
    if (!this.keys || !this.activeKeyId) return plain;
    const sealed = aesGcmSeal(this.keys[this.activeKeyId], Buffer.from(plain, 'utf8'));
    return `${PREFIX}${this.activeKeyId}:${sealed.toString('base64url')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [keyId, data] = stored.slice(PREFIX.length).split(':');
    const key = keyId ? this.keys?.[keyId] : undefined;
    if (!key || !data)
      throw new PayloadKeyError(`secret was sealed with key ${keyId || '(none)'}, which is not configured`);
    return aesGcmOpen(key, Buffer.from(data, 'base64url')).toString('utf8');
  }
}
