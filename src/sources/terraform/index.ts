export {
  readStateGrants,
  readPlanGrants,
  readShowJsonFile,
  selectTerraformGrants,
  SCOPE_RESOURCE_TYPE,
  type TerraformGrants,
  type TerraformScopeResource,
  type ReadOptions,
  type ResourceFilterInput,
} from './show-json';
