export type { EncodingSource, XmlEncoding, XmlEncodingOption } from './encoding.js';
export { type CompiledPath, compilePath, XmlPathError } from './path.js';
export {
  XML_LIMITS,
  type XmlLimits,
  type XmlReaderOptions,
  type XmlReaderStats,
  type XmlRecord,
  XmlRecordReader,
} from './reader.js';
