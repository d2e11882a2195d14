import { addressRefusal } from '../../activities/outbox/webhook-target';

test('loopback, private, link-local, metadata and other special-use addresses are refused; public ones pass', () => {
  const refused: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['10.0.0.8', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'unique local (private)'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['64:ff9b::169.254.169.254', 'link-local (cloud metadata)'],
    ['ff02::1', 'multicast'],
  ];
  for (const [ip, why] of refused) expect([ip, addressRefusal(ip)]).toEqual([ip, why]);
  for (const ip of [
    '1.1.1.1',
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
  ])
    expect([ip, addressRefusal(ip)]).toEqual([ip, undefined]);
});
