export * from './types';
export { compareConnection, connectionExitCode, day, findingMessage } from './compare';
