export * from './aes-gcm-payload.codec';
export * from './data-converter';
export * from './secret-box';
