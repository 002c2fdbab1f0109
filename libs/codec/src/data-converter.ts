import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, parsePayloadKeys } from './aes-gcm-payload.codec';

/** The data converter every Temporal client and worker of frist uses: encrypted when keys are configured. */
export function fristDataConverter(encryption: { keys: string; activeKeyId: string } | undefined): DataConverter {
  if (!encryption) return {};
  return { payloadCodecs: [new AesGcmPayloadCodec(parsePayloadKeys(encryption.keys), encryption.activeKeyId)] };
}
