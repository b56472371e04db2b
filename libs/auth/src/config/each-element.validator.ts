import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * Checks every element of an array and, unlike class-validator's `{ each: true }`, says which one is
 * wrong: the message starts with `[index]: ` so that `validationProblems` can append it to the
 * property's path (`groups[1].properties[0]: …`). Non-arrays pass here; pair it with `@IsArray()`.
 */
export function EachElement(isValid: (element: unknown) => boolean, describe: (element: unknown) => string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'eachElement',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.every(isValid),
        defaultMessage: (args?: ValidationArguments) => {
          const elements: unknown[] = Array.isArray(args?.value) ? (args.value as unknown[]) : [];
          const index = elements.findIndex((element) => !isValid(element));
          return `[${index}]: ${describe(elements[index])}`;
        },
      },
    });
  };
}

/** A value as it appears in a message: strings quoted, the rest as JSON. */
export function show(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  // Configuration comes from JSON, so only undefined (handled above) has no JSON form.
  return JSON.stringify(value) ?? typeof value;
}
