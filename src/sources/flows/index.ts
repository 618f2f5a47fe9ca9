/** Reader of Okta Workflows exports (`.flow`, `.folder`, `.flopack`): pure, no catalog dependency. */
export * from './types';
export { readExport, readParsedExport, isOktaFamily, stripBuilderSuffix, stripConnectorSuffix, KNOWN_VERSIONS, MAX_NESTING } from './read';
export { isCustomApiKey, MAX_HOPS } from './custom-api';
export { locateJsonError, positionAt, type JsonSyntaxProblem } from './json-error';
export {
  readExportFile,
  collectExportFiles,
  scanFiles,
  DEFAULT_MAX_BYTES,
  EXPORT_EXTENSIONS,
  JSON_EXTENSION,
  SKIPPED_FOLDERS,
  type ReadFileOptions,
  type SkippedFile,
  type FileProblem,
  type CollectedFiles,
  type ScanResult,
} from './files';
