export { checkColumn, checkRecordPath } from './columns.js';
export type { EncodingSource, XmlEncoding, XmlEncodingOption } from './encoding.js';
export { XML_LIMITS, type XmlLimits } from './limits.js';
export type { XmlReaderOptions, XmlReaderStats, XmlRecord } from './options.js';
export { type CompiledPath, compilePath, XmlPathError } from './path.js';
export { XmlRecordReader } from './reader.js';
