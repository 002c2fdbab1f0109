import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ProtoPayload = temporal.api.common.v1.Payload;

export class PayloadKeyError extends Error {}

/** AES-256-GCM with a fresh 96-bit IV: iv ‖ ciphertext ‖ tag. */
export function aesGcmSeal(key: Buffer, plain: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** The inverse of aesGcmSeal; throws when the data was altered or the key is wrong. */
export function aesGcmOpen(key: Buffer, data: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
}

/**
 * Encrypts every Temporal payload (workflow inputs, events, results, activity arguments) with AES-256-GCM, so the
 * Temporal server, its database and its UI hold no readable personal data. The whole payload, metadata included,
 * is sealed; the key id travels in the clear so keys can rotate: new payloads use the active key, old ones still
 * decode as long as their key is configured.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: Record<string, Buffer>,
    private readonly activeKeyId: string,
  ) {
    for (const [id, key] of Object.entries(keys)) {
      if (key.length !== 32)
        throw new PayloadKeyError(`payload key ${id} must be 32 bytes (AES-256), got ${key.length}`);
    }
    if (!keys[activeKeyId]) throw new PayloadKeyError(`the active payload key ${activeKeyId} is not configured`);
    this.keys = new Map(Object.entries(keys));
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.activeKeyId)!;
    return Promise.resolve(
      payloads.map((payload) => {
        return {
          metadata: { encoding: Buffer.from(ENCODING), [KEY_ID]: Buffer.from(this.activeKeyId) },
          data: aesGcmSeal(key, ProtoPayload.encode(payload).finish()),
        };
      }),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    // A throw inside the executor becomes a rejection, as callers of a codec expect.
    return new Promise((resolve) =>
      resolve(
        payloads.map((payload) => {
          if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
          const keyId = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
          const key = this.keys.get(keyId);
          if (!key)
            throw new PayloadKeyError(`payload was encrypted with key ${keyId || '(none)'}, which is not configured`);
          return ProtoPayload.decode(aesGcmOpen(key, Buffer.from(payload.data ?? [])));
        }),
      ),
    );
  }
}

/** Parses `id1:base64key,id2:base64key` (the PAYLOAD_KEYS setting). */
export function parsePayloadKeys(spec: string): Record<string, Buffer> {
  const keys: Record<string, Buffer> = {};
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, b64] = part.split(':');
    if (!id || !b64 || !/^[A-Za-z0-9._-]{1,64}$/.test(id))
      throw new PayloadKeyError(`payload key entry "${part.slice(0, 20)}…" must be <id>:<base64 key>`);
    keys[id] = Buffer.from(b64, 'base64');
  }
  return keys;
}
