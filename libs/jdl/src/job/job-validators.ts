import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * class-validator decorators whose messages read like the rest of our JDL errors:
 * `CPUTime must be an integer between 100 and 500000, got "two hours"`. Each names the
 * attribute as the user knows it (DIRAC's spelling), says what is allowed, and quotes what came.
 */

/** How a value the user gave is quoted back to them in an error. */
export function describeGot(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (value === null || value === undefined) {
    return 'nothing';
  }
  if (typeof value === 'object') {
    return 'a ClassAd';
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

function rule(
  name: string,
  attribute: string,
  expectation: string | ((args: ValidationArguments) => string),
  validate: (value: unknown, args: ValidationArguments) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        // null is an optional attribute left unset: required ones have non-null defaults that fail.
        validate: (value: unknown, args?: ValidationArguments) => value === null || (args ? validate(value, args) : false),
        defaultMessage: (args?: ValidationArguments) => {
          const expected = typeof expectation === 'string' ? expectation : args ? expectation(args) : '';
          return `${attribute} must be ${expected}, got ${describeGot(args?.value)}`;
        },
      },
    },
    options,
  );
}

export function IsJdlString(attribute: string): PropertyDecorator {
  return rule('isJdlString', attribute, 'a string', (value) => typeof value === 'string');
}

export function IsNonEmptyJdlString(attribute: string, what = 'a non-empty string'): PropertyDecorator {
  return rule('isNonEmptyJdlString', attribute, what, (value) => typeof value === 'string' && value.trim() !== '');
}

export function IsIntegerBetween(attribute: string, min: number, max: number): PropertyDecorator {
  return rule(
    'isIntegerBetween',
    attribute,
    `an integer between ${min} and ${max}`,
    (value) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
  );
}

/** An integer range read from the validated object, for limits a deployment configures. */
export function IsIntegerInLimits(attribute: string, limits: (object: object) => { min: number; max: number }): PropertyDecorator {
  return rule(
    'isIntegerInLimits',
    attribute,
    (args) => {
      const { min, max } = limits(args.object);
      return `an integer between ${min} and ${max}`;
    },
    (value, args) => {
      const { min, max } = limits(args.object);
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
    },
  );
}

export function IsJdlBoolean(attribute: string): PropertyDecorator {
  return rule('isJdlBoolean', attribute, 'true or false', (value) => typeof value === 'boolean');
}

export function IsOneOf(attribute: string, allowed: readonly string[]): PropertyDecorator {
  return rule('isOneOf', attribute, `one of ${allowed.join(', ')}`, (value) => typeof value === 'string' && allowed.includes(value));
}

/** A list of strings, each accepted by `item` (which also names what an item is in the message). */
export function IsStringList(
  attribute: string,
  what: string,
  item: (value: string) => boolean = (value) => value.length > 0,
): PropertyDecorator {
  return rule(
    'isStringList',
    attribute,
    what,
    (value) => Array.isArray(value) && value.every((entry) => typeof entry === 'string' && item(entry)),
  );
}
