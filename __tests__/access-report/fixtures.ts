/** Strings an attacker (or an unlucky author) could put in scopes.yaml: each must render as text. */
export const XSS_FLOW = '<img src=x onerror=alert(1)>';
export const XSS_FOLDER = '<b>Lifecycle</b> & "more"';
export const XSS_LABEL = "<script>alert('label')</script>";
export const XSS_CARD = 'Okta/<svg onload=alert(2)>';
export const XSS_REASON = '</td></tr></table><script>alert(3)</script>';
export const XSS_EXCEPTION = 'Break-glass <em>role</em> assignment, SEC-1234';

/** Two orgs, a policy with a live and an expired exception, extraScopes, a custom card, hostile names. */
export const REPORT_YAML = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
    app: { id: 0oa8x2k4lq9ZrT3bN5d7, label: ${JSON.stringify(XSS_LABEL)} }
  - name: preview
    domain: acme.oktapreview.com
flows:
  - name: ${JSON.stringify(XSS_FLOW)}
    folder: ${JSON.stringify(XSS_FOLDER)}
    reason: Offboarding deactivates users
    trigger: Okta/User Suspended
    cards:
      - Okta/Read User
      - Okta/Deactivate User
      - Okta/Custom API Action: GET /api/v1/users/{userId}/factors
  - name: Delegated admin
    folder: Admin
    orgs: [prod]
    reason: Break-glass access
    cards:
      - Okta/Custom API Action: POST /api/v1/users/{userId}/roles
  - name: Read brand
    cards:
      - ${JSON.stringify(XSS_CARD)}
  - name: Device cleanup
    orgs: [prod]
    cards:
      - Okta Devices/Search Devices
customCards:
  - name: ${JSON.stringify(XSS_CARD)}
    scopes: [okta.brands.read]
extraScopes:
  - scope: okta.apps.read
    reason: ${JSON.stringify(XSS_REASON)}
policy:
  deny: ["okta.roles.*"]
  requireReason: [high]
  suppressions:
    - rule: deny
      scope: okta.roles.manage
      reason: ${JSON.stringify(XSS_EXCEPTION)}
      expires: 2027-06-30
    - rule: deny
      scope: okta.roles.read
      reason: Old audit export, retired
      expires: 2026-01-31
`;

export const TODAY = '2026-12-02';

/** `count` flows in folders, each using `cardsPerFlow` cards: a matrix as large as the issue asks. */
export function largeYaml(count: number, cardsPerFlow: number): string {
  const cards = [
    'Okta/Read User', 'Okta/Update User', 'Okta/Deactivate User', 'Okta/Suspend User', 'Okta/Add User to Group',
    'Okta/Remove User from Group', 'Okta/Search System Logs', 'Okta/List Users with Search', 'Okta/Read Group',
    'Okta/Search Groups', 'Okta/Assign User to Application for SSO', 'Okta/Clear User Sessions',
    'Okta Devices/Search Devices', 'Okta Devices/Suspend Device', 'Okta Realms/List Realm Users',
  ];
  const calls = [
    'GET /api/v1/users/{userId}/factors', 'GET /api/v1/brands', 'GET /api/v1/domains', 'GET /api/v1/authorizationServers',
    'GET /api/v1/idps', 'GET /api/v1/policies', 'GET /api/v1/zones', 'GET /api/v1/trustedOrigins', 'GET /api/v1/templates/sms',
    'GET /api/v1/eventHooks', 'GET /api/v1/inlineHooks', 'GET /api/v1/behaviors', 'GET /api/v1/mappings', 'GET /api/v1/meta/schemas/user/default',
    'GET /api/v1/apps/{appId}/users', 'POST /api/v1/users/{userId}/lifecycle/reset_factors', 'GET /api/v1/org', 'GET /api/v1/groups/rules',
    'GET /api/v1/iam/roles', 'GET /api/v1/logStreams', 'GET /api/v1/captchas', 'GET /api/v1/authenticators', 'GET /api/v1/threats/configuration',
    'GET /api/v1/features', 'GET /api/v1/devices', 'GET /api/v1/sessions/{sessionId}', 'GET /api/v1/realms',
    'GET /api/v1/agentPools', 'GET /api/v1/api-tokens', 'GET /oauth2/v1/clients', 'GET /api/v1/device-assurances', 'GET /api/v1/email-domains',
    'GET /governance/api/v1/campaigns', 'GET /governance/api/v2/security-access-reviews', 'GET /api/v1/meta/types/user', 'GET /api/v1/push-providers',
    'GET /api/v1/meta/uischemas',
  ];
  const out = ['version: 1', 'orgs:', '  - name: prod', '    domain: acme.okta.com', 'flows:'];
  for (let f = 0; f < count; f++) {
    out.push(`  - name: Flow ${String(f).padStart(4, '0')} of a rather long name that wraps`, `    folder: Folder ${f % 12}`, '    trigger: Okta/User Suspended', '    cards:');
    for (let c = 0; c < cardsPerFlow - 2; c++) out.push(`      - ${cards[(f + c) % cards.length]}`);
    out.push(`      - Okta/Custom API Action: ${calls[f % calls.length]}`, `      - Okta/Custom API Action: ${calls[(f * 7 + 3) % calls.length]}`);
  }
  return `${out.join('\n')}\n`;
}
