// dcmjs ships no type declarations; this covers the part we use.
declare module 'dcmjs' {
  const dcmjs: {
    data: {
      DicomMetaDictionary: {
        naturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
      };
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): { meta: Record<string, { Value?: unknown[] }>; dict: Record<string, unknown> };
      };
    };
  };
  export default dcmjs;
}
