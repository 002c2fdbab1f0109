import {
  internalAddressKind,
  parseNetworks,
  resolveWebhookReceiver,
  WebhookReceiverRefused,
} from './webhook-receivers';

describe('webhook receiver addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'private (unique local)'],
    ['fd12:3456::1', 'private (unique local)'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['8.8.8.8', undefined],
    ['172.32.0.1', undefined],
    ['193.163.0.1', undefined],
    ['2001:4860:4860::8888', undefined],
    ['::ffff:8.8.8.8', undefined],
  ])('%s is %s', (address, kind) => {
    expect(internalAddressKind(address)).toBe(kind);
  });

  const refused = (
    url: string,
    allowed?: string,
    lookup?: (h: string) => Promise<{ address: string; family: number }[]>,
  ) => {
    const networks = parseNetworks(allowed);
    if (typeof networks === 'string') throw new Error(networks);
    return resolveWebhookReceiver(new URL(url), allowed ? networks.list : undefined, lookup);
  };

  it('refuses internal literals, and names resolving to them (real DNS: localhost)', async () => {
    for (const url of [
      'http://127.0.0.1/h',
      'http://169.254.169.254/latest',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
    ])
      await expect(refused(url)).rejects.toBeInstanceOf(WebhookReceiverRefused);
    await expect(refused('http://localhost:9/h')).rejects.toThrow(/is loopback/);
    // One internal answer among public ones is enough to refuse.
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(refused('https://hooks.example.dk/in', undefined, mixed)).rejects.toThrow(/10\.0\.0\.5 is private/);
  });

  it('allows internal networks only when WEBHOOK_ALLOWED_NETWORKS names them, and pins the first address', async () => {
    await expect(refused('http://127.0.0.1:9/h', '127.0.0.1/32')).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(refused('http://127.0.0.2:9/h', '127.0.0.1/32')).rejects.toThrow(/127\.0\.0\.2 is loopback/);
    await expect(refused('http://[::1]/h', '::1/128,10.0.0.0/8')).resolves.toEqual({ address: '::1', family: 6 });
    const pub = async () => [{ address: '2001:db8::1', family: 6 }];
    await expect(refused('https://hooks.example.dk/', undefined, pub)).resolves.toEqual({
      address: '2001:db8::1',
      family: 6,
    });
    expect(parseNetworks('10.0.0.0/33')).toMatch(/not an address or CIDR/);
    expect(parseNetworks('intranet')).toMatch(/not an address or CIDR/);
  });
});
