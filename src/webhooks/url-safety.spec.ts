import { assertAllowedHost, parseWebhookUrl, refusedRange, resolveSafely, UnsafeUrlError } from './url-safety';

describe('refusedRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.255.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['100.127.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['239.1.2.3', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00:ec2::254', 'unique local (private)'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('lets %s through', (address) => {
    expect(refusedRange(address)).toBeNull();
  });
});

describe('assertAllowedHost', () => {
  it('lets any host through without a list, and with one only its hosts and the hosts under its domains', () => {
    expect(() => assertAllowedHost('cases.example.org', [])).not.toThrow();
    const list = ['hooks.example.fi', '.kunta.example'];
    expect(() => assertAllowedHost('hooks.example.fi', list)).not.toThrow();
    expect(() => assertAllowedHost('HOOKS.example.fi.', list)).not.toThrow();
    expect(() => assertAllowedHost('asiat.kunta.example', list)).not.toThrow();
    for (const host of ['kunta.example', 'evil-kunta.example', 'hooks.example.fi.evil.org', 'example.fi']) {
      expect(() => assertAllowedHost(host, list)).toThrow(expect.objectContaining({ code: 'webhook.urlHostNotAllowed' }));
    }
  });
});

describe('parseWebhookUrl', () => {
  it('takes https, and http only when private targets are allowed', () => {
    expect(parseWebhookUrl('https://hooks.example.fi/x', false).host).toBe('hooks.example.fi');
    expect(() => parseWebhookUrl('http://hooks.example.fi/x', false)).toThrow(UnsafeUrlError);
    expect(parseWebhookUrl('http://hooks.example.fi/x', true).protocol).toBe('http:');
    expect(() => parseWebhookUrl('ftp://hooks.example.fi/x', true)).toThrow(UnsafeUrlError);
    expect(() => parseWebhookUrl('/relative', true)).toThrow(UnsafeUrlError);
  });
});

describe('resolveSafely', () => {
  it('judges IP literals without a lookup and names the range', async () => {
    await expect(resolveSafely('10.0.0.1', false, 1000)).rejects.toMatchObject({ code: 'webhook.urlPrivate', params: { range: 'private' } });
    await expect(resolveSafely('10.0.0.1', true, 1000)).resolves.toEqual([{ address: '10.0.0.1', family: 4 }]);
  });

  it('refuses a name that resolves to a loopback address', async () => {
    await expect(resolveSafely('localhost', false, 5000)).rejects.toMatchObject({
      code: 'webhook.urlPrivate',
      params: { host: 'localhost', range: 'loopback' },
    });
  });

  it('refuses a name that does not resolve', async () => {
    await expect(resolveSafely('no-such-host.invalid', false, 5000)).rejects.toMatchObject({ code: 'webhook.urlUnresolvable' });
  });
});
