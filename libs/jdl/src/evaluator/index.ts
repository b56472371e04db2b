export {
  booleanValue,
  classAdValue,
  errorValue,
  formatValue,
  integerValue,
  isExceptional,
  isNumber,
  listValue,
  realValue,
  stringValue,
  typeName,
  undefinedValue,
  type AdValue,
  type ClassAdValue,
  type ClassAdValueType,
  type ErrorValue,
  type ListValue,
  type NumberValue,
  type UndefinedValue,
} from './classad-value.js';
export { evaluateAttribute, evaluateExpression, MAX_EVALUATION_DEPTH, type EvaluationContext } from './evaluate.js';
export type { AdFrame, EvaluationScope } from './evaluation-scope.js';
export { isKnownFunction } from './functions/function-table.js';
export { MAX_PATTERN_LENGTH } from './functions/compile-pattern.js';
export { rank, symmetricMatch, type MatchOptions, type MatchResult, type RankResult } from './match.js';
