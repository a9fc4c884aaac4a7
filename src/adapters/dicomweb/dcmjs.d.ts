// dcmjs ships no type declarations; this covers the part we use.
declare module 'dcmjs' {
  const dcmjs: {
    data: {
      DicomMetaDictionary: {
        naturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
        denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
      };
      DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
      DicomMessage: { readFile(buffer: ArrayBuffer): { meta: Record<string, unknown>; dict: Record<string, unknown> } };
    };
  };
  export default dcmjs;
}
