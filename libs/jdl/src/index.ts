export * from './ast/classad-ast.js';
export * from './errors/jdl.error.js';
export * from './errors/source-position.js';
export * from './parser/parse-jdl.js';
