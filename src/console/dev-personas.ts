import type { HumanRole } from '../common/auth/caller';
import { seededPerson, SEEDED_ORGANISATIONS } from '../portfolio/portfolio-seeder';

/** Someone to sign in as in development: the claims of the token the console asks for. */
export interface DevPersona {
  id: string;
  role: Exclude<HumanRole, 'admin'>;
  name: string;
  org?: string;
  businessId?: string;
  /** Where the person's notifications go in development (example domains only). */
  email: string;
}

/**
 * Suppliers to answer requests for information as: small Finnish firms, each with a business id
 * whose check digit is right, so a registration form that verifies it accepts them.
 */
const SUPPLIERS = [
  { name: 'Ekorakenne Oy', businessId: '2345678-0', email: 'myynti@ekorakenne.example.fi' },
  { name: 'Kiertotalous Pohjola Oy', businessId: '3141593-8', email: 'tarjoukset@kiertotalous-pohjola.example.fi' },
  { name: 'Skärgårdens Energi Ab', businessId: '2718282-8', email: 'forsaljning@skargardens-energi.example.com' },
];

/** `Aino Virtanen` of `city-of-espoo` → `aino.virtanen@city-of-espoo.example.fi`. */
const addressOf = (name: string, org: string) =>
  `${name
    .normalize('NFKD')
    .replace(/[^A-Za-z ]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '.')}@${org}.example.fi`;

/**
 * The people of the development sign-in page: officers and managers of the organisations the
 * seeder creates (the same ids, so a seeded portfolio is theirs), and suppliers.
 */
export function devPersonas(): DevPersona[] {
  const people: DevPersona[] = [];
  for (const org of SEEDED_ORGANISATIONS.slice(0, 2)) {
    // Seeded people's names depend on their number only: officers 1 and 3 and manager 2 have three different ones.
    for (const [role, i] of [
      ['officer', 1],
      ['officer', 3],
      ['manager', 2],
    ] as const) {
      const person = seededPerson(role, org, i);
      people.push({ id: person.id, role, name: person.name, org, email: addressOf(person.name, org) });
    }
  }
  for (const supplier of SUPPLIERS) {
    people.push({ id: `supplier-${supplier.businessId}`, role: 'supplier', name: supplier.name, businessId: supplier.businessId, email: supplier.email });
  }
  return people;
}
