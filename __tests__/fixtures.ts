/** The minimal form from the issue, exactly as written. */
export const MINIMAL = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
flows:
  - name: Offboard contractor
    trigger: Okta/User Suspended
    cards:
      - Okta/Deactivate User
      - Okta/Search System Logs
      - Okta/Custom API Action: GET /api/v1/users/{userId}/factors
extraScopes:
  - scope: okta.apps.read
    reason: Quarterly access report reads app assignments
`;

