import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults and parses numbers', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/frist', API_PORT: '8080' });
    expect(c.api.port).toBe(8080);
    expect(c.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'frist-cases' });
    expect(c.database.poolSize).toBe(10);
  });

  it('fails at boot with every invalid variable named', () => {
    expect(() => loadConfig({ DATABASE_URL: 'nope', API_PORT: 'x' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'nope', API_PORT: 'x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/DATABASE_URL/);
      expect((e as Error).message).toMatch(/API_PORT/);
    }
  });
});
