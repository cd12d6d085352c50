/** The version of the ledgersync API this SDK describes; plugins pin its major in `engines.ledgersync`. */
export const LEDGERSYNC_API_VERSION = '1.0.0';
