export * from './app-config';
export * from './clock';
export * from './access-token';
