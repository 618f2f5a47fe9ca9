/**
 * Connector-builder connectors append a random id to action keys (`listRealmUsers_tmcXa7PfAt`):
 * the catalog and the export reader both compare keys without it.
 */
export function stripBuilderSuffix(key: string): string {
  return key.replace(/_[A-Za-z0-9-]{8,12}$/, '');
}
