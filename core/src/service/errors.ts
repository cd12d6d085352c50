import { LedgersyncError } from '@ledgersync/sdk';

/** The connector service's configuration file is wrong: names the file and the field, never a secret. */
export class ServiceConfigError extends LedgersyncError {
  constructor(readonly file: string, readonly field: string, detail: string) {
    super('CONNECTOR_SERVICE_CONFIG_INVALID', `${file}: field ${field}: ${detail}`);
  }
}

/** The service was told to stop while it was still starting. */
export class ServiceStoppedError extends LedgersyncError {
  constructor() {
    super('CONNECTOR_SERVICE_STOPPED', 'the connector service was stopped while starting');
  }
}
