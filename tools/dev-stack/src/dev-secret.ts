/** The JWT secret of local runs; never deploy with it. */
export const DEV_JWT_SECRET = 'livecast-dev-secret-change-me';
