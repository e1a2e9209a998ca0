// The xliff package ships no types; these cover the two functions the command line uses.
declare module 'xliff/js2xliff' {
  /** A translation document as the xliff package models it. */
  interface XliffDocument {
    sourceLanguage?: string;
    targetLanguage?: string;
    resources?: Record<string, Record<string, { source?: string; target?: string; note?: string }>>;
  }
  export default function js2xliff(document: XliffDocument): Promise<string>;
}

declare module 'xliff/xliff2js' {
  export default function xliff2js(text: string): Promise<{
    sourceLanguage?: string;
    targetLanguage?: string;
    resources?: Record<string, Record<string, unknown>>;
  }>;
}
