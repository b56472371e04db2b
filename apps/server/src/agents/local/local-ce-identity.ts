/** The embedded computing element of `majorana up`: its name (the pilots' --ce) and site (--site). */
export const LOCAL_CE_NAME = 'local';
export const LOCAL_SITE = 'Local.localhost';
