// Raising a case for a customer the advisor has found (the advisor desk's "Raise a case"): the
// customer's id travels through the steps as one input, and their contact details and address fill
// the form so nobody asks for them again. The advisor may still change what is filled in: the case
// keeps what the customer said this time.
import type { Db } from '../../../platform/db/database.js';
import { UUID } from '../../charter/model.js';
import { getCustomer } from '../../customers/service.js';
import type { Body } from '../form-state.js';
import { INPUTS } from './model.js';

export const CUSTOMER_INPUT = 'customerId';

export interface RaisingFor {
  id: string;
  displayName: string;
}

/** The customer's address as a location question's value (address, postcode and UPRN boxes). */
export interface CustomerPlace {
  address: string;
  postcode: string;
  uprn?: string;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

/**
 * The customer named by the query or the posted form, if that is a customer we hold. A record merged
 * into another stands for the one it was merged into.
 */
export async function customerFor(db: Db, source: Body): Promise<(RaisingFor & { prefill: Body; place: CustomerPlace }) | undefined> {
  const id = first(source[CUSTOMER_INPUT] ?? source.customer).trim();
  if (!UUID.test(id)) return undefined;
  let customer = await getCustomer(db, id);
  if (customer?.mergedInto) customer = await getCustomer(db, customer.mergedInto);
  if (!customer) return undefined;
  const address = [customer.address, customer.postcode].filter(Boolean).join(', ');
  return {
    id: customer.id,
    displayName: customer.displayName,
    prefill: {
      [CUSTOMER_INPUT]: customer.id,
      contactName: customer.displayName,
      contactEmail: customer.emails[0]?.email ?? '',
      contactPhone: customer.phones[0]?.display ?? '',
      ...(address && { [INPUTS.address]: address }),
      ...(customer.uprn && { [INPUTS.uprn]: customer.uprn }),
    },
    place: { address: customer.address ?? '', postcode: customer.postcode ?? '', ...(customer.uprn && { uprn: customer.uprn }) },
  };
}
