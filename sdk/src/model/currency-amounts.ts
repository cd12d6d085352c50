import { Entry } from './entities';
import { RecordError, RecordErrorCode } from './record-error';

/** What checks of a record need to know of its dossier beyond the record itself. */
export interface DossierFacts {
  /** The dossier's book currency (`dossier.currency`): every `amount` is in it. */
  bookCurrency?: string;
}

/**
 * The 1.1 invariants on `currencyAmount` (format: "The 1.1 additions"):
 * - it has the sign of `amount`, or is 0 (an exchange-difference line moves the book amount only);
 * - it only appears on an entry in a foreign currency: on an entry in the book currency, the
 *   transaction amount *is* `amount`, and a second figure could only contradict it.
 * The second check needs the book currency; without it only the sign is checked.
 */
export function checkCurrencyAmounts(dossierId: string, entry: Entry, facts: DossierFacts = {}): RecordError[] {
  const errors: RecordError[] = [];
  entry.lines.forEach((line, index) => {
    if (line.currencyAmount === undefined) return;
    const field = `lines[${index}].currencyAmount`;
    if (Math.sign(line.currencyAmount) * Math.sign(line.amount) < 0) {
      errors.push(new RecordError(RecordErrorCode.CurrencyAmountSign, dossierId, 'entry', entry.id, field,
        `line ${line.line}: currencyAmount ${line.currencyAmount} ${entry.currency} has the opposite sign of amount ${line.amount}`));
    }
    if (facts.bookCurrency !== undefined && entry.currency === facts.bookCurrency) {
      errors.push(new RecordError(RecordErrorCode.CurrencyAmountInBookCurrency, dossierId, 'entry', entry.id, field,
        `line ${line.line}: currencyAmount ${line.currencyAmount} on an entry in the book currency ${facts.bookCurrency}`));
    }
  });
  return errors;
}
