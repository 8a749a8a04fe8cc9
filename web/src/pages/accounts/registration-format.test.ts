import { describe, expect, it } from 'vitest';
import { idNumberShapeProblem, registrationBody, registrationProblemField } from './registration-format.ts';

describe('enterprise registration helpers', () => {
  it('accepts a resident ID number of 17 digits and a check character, leaving the check itself to the server', () => {
    expect(idNumberShapeProblem('131082198506120241')).toBeNull();
    expect(idNumberShapeProblem('13108219850612024X')).toBeNull();
    expect(idNumberShapeProblem(' 13108219850612024x ')).toBeNull();
    expect(idNumberShapeProblem('1310 8219 8506 1202 4X')).toBeNull();
  });

  it('says an ID number is too short or long', () => {
    expect(idNumberShapeProblem('13108219850612')).toBe('length');
    expect(idNumberShapeProblem('1310821985061202410')).toBe('length');
  });

  it('refuses letters other than a final X in an ID number', () => {
    expect(idNumberShapeProblem('13108219850612024A')).toBe('characters');
    expect(idNumberShapeProblem('1310821985061202X4')).toBe('characters');
    expect(idNumberShapeProblem('131082-19850612024')).toBe('characters');
  });

  it('sends codes compacted and in capitals, names trimmed and the password untouched', () => {
    expect(registrationBody({
      uscc: ' 91131082ma0reg01x7 ', legalRepName: ' 欧阳娜娜 ', idNumber: '1310 8219 8506 1202 4x', username: ' nana ', password: ' Pass word 1! ',
    })).toEqual({ uscc: '91131082MA0REG01X7', legalRepName: '欧阳娜娜', idNumber: '13108219850612024X', username: 'nana', password: ' Pass word 1! ' });
  });

  it('shows a problem with a field under that field', () => {
    expect(registrationProblemField({ code: 'USCC_INVALID', field: 'uscc' })).toBe('uscc');
    expect(registrationProblemField({ code: 'ID_NUMBER_INVALID', field: 'idNumber' })).toBe('idNumber');
    expect(registrationProblemField({ code: 'PASSWORD_WEAK', field: 'password' })).toBe('password');
    expect(registrationProblemField({ code: 'USERNAME_TAKEN', field: 'username' })).toBe('username');
    // without the server's `field`, the code's usual field
    expect(registrationProblemField({ code: 'USERNAME_INVALID' })).toBe('username');
    expect(registrationProblemField({ code: 'ID_NUMBER_INVALID' })).toBe('idNumber');
  });

  it('shows refusals about the enterprise or the person as a whole above the form', () => {
    for (const code of ['REAL_NAME_MISMATCH', 'ENTITY_NOT_IN_REGISTRY', 'ENTITY_NOT_ACTIVE', 'ENTERPRISE_ALREADY_REGISTERED', 'REGISTRATION_TRIES_EXCEEDED']) {
      expect(registrationProblemField({ code, field: 'uscc' }), code).toBeNull();
    }
    expect(registrationProblemField({ code: 'VALIDATION', field: 'body' })).toBeNull();
    expect(registrationProblemField({})).toBeNull();
  });
});
