import { ownPackage } from '../util/package-json';

/** wf-scopes' version (--version, SARIF `tool.driver.version`): package.json is the one place it is kept. */
export function toolVersion(): string {
  return ownPackage().version;
}

/** package.json `homepage`: SARIF `informationUri` and the base of every rule's help URI (README `#wfs001`…). */
export function toolHomepage(): string | undefined {
  return ownPackage().homepage;
}
