import { parsePort, parsePortList } from './port-list';

describe('dev-stack: parsePortList', () => {
  it('reads one port or a list', () => {
    expect(parsePortList('3100', '--membership-port')).toEqual([3100]);
    expect(parsePortList('3000, 3001', '--gateways')).toEqual([3000, 3001]);
  });

  it.each(['', '3000,', 'abc', '70000', '0', '30.5', '-1'])('refuses %j naming the option and entry', (value) => {
    expect(() => parsePortList(value, '--gateways')).toThrow(/^--gateways: ".*" is not a TCP port/);
  });

  it('takes exactly one port where one is expected', () => {
    expect(parsePort('3300', '--fanout-port')).toBe(3300);
    expect(() => parsePort('3300,3301', '--fanout-port')).toThrow('--fanout-port: expected one port');
  });
});
