/** The login role the service connects as: owns nothing, not superuser, not BYPASSRLS. */
export const APP_ROLE = 'ctxvault_app';
/** The role that owns the schema; only migrations connect as it. */
export const OWNER_ROLE = 'ctxvault_owner';
