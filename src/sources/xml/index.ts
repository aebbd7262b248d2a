export type { EncodingSource, XmlEncoding, XmlEncodingOption } from './encoding.js';
export { type CompiledPath, compilePath, XmlPathError } from './path.js';
export {
  checkColumn,
  checkRecordPath,
  XML_LIMITS,
  type XmlLimits,
  type XmlReaderOptions,
  type XmlReaderStats,
  type XmlRecord,
  XmlRecordReader,
} from './reader.js';
