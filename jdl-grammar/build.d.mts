export declare const grammarPath: string;
export declare const generatedPath: string;
export declare function generateParserSource(): string;
