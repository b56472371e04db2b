import { type ValidationError } from 'class-validator';
import { AuthConfigErrorCode, type AuthConfigProblem } from './auth-config.exception.js';

/** An element-level message from `EachElement`: `[3]: what is wrong`. */
const ELEMENT_MESSAGE = /^(\[\d+\]): ([\s\S]*)$/;

/**
 * Flattens class-validator's error tree into located problems (`groups[1].properties[0]: …`), so that
 * whoever edits the configuration file finds the line without reading a nested dump.
 */
export function validationProblems(errors: readonly ValidationError[], parentPath = ''): AuthConfigProblem[] {
  return errors.flatMap((error) => {
    const path = joinPath(parentPath, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([type, message]) => toProblem(path, type, message));
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}

function toProblem(path: string, type: string, message: string): AuthConfigProblem {
  if (type === 'whitelistValidation') {
    return { code: AuthConfigErrorCode.InvalidValue, path, message: 'unknown key: remove it or correct its spelling' };
  }
  const element = ELEMENT_MESSAGE.exec(message);
  if (element?.[1] !== undefined && element[2] !== undefined) {
    return { code: AuthConfigErrorCode.InvalidValue, path: `${path}${element[1]}`, message: element[2] };
  }
  return { code: AuthConfigErrorCode.InvalidValue, path, message };
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) {
    return `${parent}[${property}]`;
  }
  return parent === '' ? property : `${parent}.${property}`;
}
