import {
  invalidPostcodeMessage,
  isNoFixedAbode,
  parseArea,
  parsePostcode,
} from '../../src/domain/directory/postcodes';

describe('full postcodes', () => {
  it.each([
    ['rm37ab', 'RM3 7AB'],
    [' RM3  7AB ', 'RM3 7AB'],
    ['Rm3 7aB', 'RM3 7AB'],
    ['ec1a1bb', 'EC1A 1BB'],
    ['W1A 0AX', 'W1A 0AX'],
    ['ZZ99 3VZ', 'ZZ99 3VZ'],
  ])('normalises %j to %s', (typed, expected) => {
    expect(parsePostcode(typed)).toMatchObject({ kind: 'postcode', value: expected });
  });

  it('knows each postcode’s sector and district', () => {
    expect(parsePostcode('RM3 7AB')).toEqual({
      kind: 'postcode',
      value: 'RM3 7AB',
      sector: 'RM3 7',
      district: 'RM3',
    });
    expect(parsePostcode('EC1A 1BB')).toMatchObject({ sector: 'EC1A 1', district: 'EC1A' });
  });

  it.each(['', 'RM3', 'RM3 7', 'hello', 'RM3 7A', '12345', 'RM3 7ABC'])('rejects %j', (typed) => {
    expect(parsePostcode(typed)).toBeUndefined();
  });
});

describe('areas for "who covers"', () => {
  it.each([
    ['RM3 7', { kind: 'sector', value: 'RM3 7', district: 'RM3' }],
    [' rm3   7 ', { kind: 'sector', value: 'RM3 7', district: 'RM3' }],
    ['rm3', { kind: 'district', value: 'RM3' }],
    ['RM12', { kind: 'district', value: 'RM12' }],
    ['E1W', { kind: 'district', value: 'E1W' }],
  ])('%j', (typed, expected) => {
    expect(parseArea(typed)).toEqual(expected);
  });

  it('tells a sector from a district by its spacing', () => {
    expect(parseArea('RM3 7')?.kind).toBe('sector');
    expect(parseArea('RM37')?.kind).toBe('district');
  });

  it.each(['RM3 7X', 'RM 3', 'RM', '3', 'RM3 77'])('rejects %j', (typed) => {
    expect(parseArea(typed)).toBeUndefined();
  });
});

it('recognises the NHS no-fixed-abode pseudo-postcode however it is typed', () => {
  expect(isNoFixedAbode('zz993vz')).toBe(true);
  expect(isNoFixedAbode('ZZ99 3VZ')).toBe(true);
  expect(isNoFixedAbode('RM3 7AB')).toBe(false);
});

it('shows what was typed and a valid example', () => {
  expect(invalidPostcodeMessage(' RM3 7X ')).toBe('"RM3 7X" is not a UK postcode. Try one like RM3 7AB.');
  expect(invalidPostcodeMessage('', true)).toContain('nothing is not a UK postcode, sector or district');
});
