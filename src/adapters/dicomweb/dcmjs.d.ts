// dcmjs ships no type declarations; this covers the part we use.
declare module 'dcmjs' {
  interface DicomDictInstance {
    dict: Record<string, unknown>;
    meta: Record<string, { Value?: unknown[] } | undefined>;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomMetaDictionary: {
        naturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
        denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
      };
      DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDictInstance;
      };
    };
  };
  export default dcmjs;
}
