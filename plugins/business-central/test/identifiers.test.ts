import { expect } from 'chai';
import { AdapterConfigurationError } from '@ledgersync/sdk';
import { appIdSuffix, CompanyTables, parseConfiguration, sqlCompanyName } from '../src';

const VALID = { server: 'sql01', database: 'BC230', user: 'ledgersync', password: 'Sup3r$ecret', company: 'CRONUS' };

function rejection(action: () => unknown): AdapterConfigurationError {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(AdapterConfigurationError);
    return error as AdapterConfigurationError;
  }
  throw new Error('expected a configuration error');
}

describe('business-central: identifiers and configuration', () => {
  it('turns a company name into its SQL form the way BC does (. / \\ % become _)', () => {
    expect(sqlCompanyName('CRONUS Int. Ltd.')).to.equal('CRONUS Int_ Ltd_');
    expect(sqlCompanyName('A/B\\C%D')).to.equal('A_B_C_D');
    expect(new CompanyTables('CRONUS Int. Ltd.').name('glEntry')).to.equal('CRONUS Int_ Ltd_$G_L Entry');
  });

  it('replaces what BC replaces (brackets and quotes too) and refuses control characters and blank or long names', () => {
    expect(sqlCompanyName('CRONUS]; DROP TABLE x; --')).to.equal('CRONUS_; DROP TABLE x; --');
    expect(sqlCompanyName(`O'Brien "x" [y]`)).to.equal('O_Brien _x_ _y_');
    for (const attempt of ['tab\there', 'nul\u0000', 'bell\u0007', '', '   ', 'x'.repeat(31)]) {
      const error = rejection(() => sqlCompanyName(attempt));
      expect(error.field).to.equal('company');
      expect(error.code).to.equal('ADAPTER_CONFIGURATION_INVALID');
    }
    expect(rejection(() => sqlCompanyName(42)).field).to.equal('company');
  });

  it('accepts only an app-id GUID as table suffix and appends it as BC14+ does', () => {
    expect(appIdSuffix(undefined)).to.equal(undefined);
    expect(new CompanyTables('CRONUS', '437DBF0E-84FF-417A-965D-ED2BB9650972').name('customer')).to.equal('CRONUS$Customer$437dbf0e-84ff-417a-965d-ed2bb9650972');
    for (const attempt of ["437dbf0e'; DROP TABLE x; --", '437dbf0e-84ff-417a-965d-ed2bb965097]', 'base', '437dbf0e84ff417a965ded2bb9650972']) {
      expect(rejection(() => appIdSuffix(attempt)).field).to.equal('appIdSuffix');
    }
  });

  it('validates the whole configuration, naming the field and never echoing the password', () => {
    const config = parseConfiguration(VALID);
    expect(config.port).to.equal(1433);
    expect(config.encrypt).to.equal(true);
    expect(config.trustServerCertificate).to.equal(false);
    expect(config.prefixCounterpartyIds).to.equal(true);
    expect(config.reconcilableAccounts).to.equal(undefined);
    expect(rejection(() => parseConfiguration({ ...VALID, password: '' })).field).to.equal('password');
    expect(rejection(() => parseConfiguration({ ...VALID, port: 70000 })).field).to.equal('port');
    expect(rejection(() => parseConfiguration({ ...VALID, encrypt: 'yes' })).field).to.equal('encrypt');
    expect(rejection(() => parseConfiguration({ ...VALID, reconcilableAccounts: ['2310', 7] })).field).to.equal('reconcilableAccounts');
    const error = rejection(() => parseConfiguration({ ...VALID, company: 'x\ty', password: 'Sup3r$ecret' }));
    expect(error.message).not.to.contain('Sup3r$ecret');
    expect(error.message).not.to.contain('x\ty');
  });
});
