/** HTTP header of a back-end caller's service API key on the admin API (`ADMIN_API_KEYS`). */
export const API_KEY_HEADER = 'x-api-key';
