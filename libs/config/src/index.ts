export * from './app-config';
export * from './clock';
export * from './access-token';
export * from './graceful-shutdown';
export * from './webhook-receivers';
