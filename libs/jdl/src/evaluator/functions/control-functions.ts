import { errorValue, integerValue, typeName } from '../classad-value.js';
import { eager, type ClassAdFunction } from './class-ad-function.js';

/**
 * ifThenElse(condition, then, else): only the chosen branch is evaluated. A number counts as a
 * boolean (0 is false); an UNDEFINED condition gives UNDEFINED; any other condition is ERROR.
 */
const ifThenElse: ClassAdFunction = {
  minArgs: 3,
  maxArgs: 3,
  call: ([condition, then, otherwise], context) => {
    if (!condition || !then || !otherwise) {
      return errorValue('ifThenElse takes 3 arguments');
    }
    const value = context.evaluate(condition);
    switch (value.type) {
      case 'boolean':
        return context.evaluate(value.value ? then : otherwise);
      case 'integer':
      case 'real':
        return context.evaluate(value.value !== 0 ? then : otherwise);
      case 'undefined':
      case 'error':
        return value;
      case 'string':
      case 'list':
      case 'classad':
        return errorValue(`ifThenElse needs a boolean condition, got ${typeName(value)}`);
    }
  },
};

/** time(): seconds since the epoch, from the evaluation context's clock. */
const time = eager(0, 0, (_args, context) => integerValue(Math.floor(context.now() / 1000)));

export const controlFunctions: Readonly<Record<string, ClassAdFunction>> = { ifThenElse, time };
