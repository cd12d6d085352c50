import { EntityName, recordIdOf, validateShape } from '@ledgersync/sdk';
import { ChangesetPage } from '../../changeset/types';
import { PlatformError, PlatformErrorCode } from '../errors';

/**
 * Every upserted record of a page checked against the model before the store sees it: its schema,
 * real calendar dates, an entry's lines summing to 0, and the operation's id being the record's.
 * The first problem is refused naming the dossier, page, entity, record and field.
 */
export function checkPage(page: ChangesetPage): void {
  for (const [index, operation] of page.operations.entries()) {
    if (operation.op !== 'upsert') continue;
    const where = `changeset ${page.changesetId} page ${page.sequence}, operations[${index}]`;
    const [problem] = validateShape(page.dossierId, operation.entity as EntityName, operation.record);
    if (problem) throw new PlatformError(PlatformErrorCode.InvalidPage, `${where}: ${problem.code}: ${problem.message}`);
    if (recordIdOf(operation.record) !== operation.id) {
      throw new PlatformError(PlatformErrorCode.InvalidPage, `${where}: dossier ${page.dossierId}, ${operation.entity} ${operation.id}, field id: the record's id is not the operation's`);
    }
  }
}
