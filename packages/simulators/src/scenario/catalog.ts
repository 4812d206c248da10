/** Fixed reference data the generator draws from (names, items, accounts). */

export const companyName = 'Cascade Fabrication Inc.';
export const companyDomain = 'cascadefab';

export const locationSeeds = [
  {
    name: 'Seattle HQ',
    externalId: 'SEA',
    headquarter: true,
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    address: { line1: '1200 Alaskan Way', city: 'Seattle', state: 'WA', postalCode: '98101', country: 'US' },
    businessUnit: 'US1 Business Unit',
    shipToLocationCode: 'SEA-HQ',
  },
  {
    name: 'Portland Plant',
    externalId: 'PDX',
    headquarter: false,
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    address: { line1: '4400 NW Yeon Ave', city: 'Portland', state: 'OR', postalCode: '97210', country: 'US' },
    businessUnit: 'US1 Business Unit',
    shipToLocationCode: 'PDX-PLANT',
  },
  {
    name: 'Vancouver Plant',
    externalId: 'YVR',
    headquarter: false,
    currency: 'CAD',
    timezone: 'America/Vancouver',
    address: {
      line1: '8100 Ontario St',
      city: 'Vancouver',
      state: 'BC',
      postalCode: 'V5X 3E3',
      country: 'CA',
    },
    businessUnit: 'CA1 Business Unit',
    shipToLocationCode: 'YVR-PLANT',
  },
] as const;

/** Departments per location, with their cost-center offset (location n → n10, n20, …). */
export const departmentSeeds = ['Operations', 'Maintenance', 'IT', 'Finance', 'Quality'] as const;

export const glAccountSeeds = [
  { code: '6100', description: 'Office Supplies', category: 'Office Supplies' },
  { code: '6150', description: 'Computer Equipment', category: 'IT Hardware' },
  { code: '6200', description: 'Software Subscriptions', category: 'IT Software' },
  { code: '6300', description: 'Repairs and Maintenance', category: 'MRO Supplies' },
  { code: '6350', description: 'Safety Equipment', category: 'MRO Supplies' },
  { code: '6400', description: 'Professional Services', category: 'Professional Services' },
  { code: '6500', description: 'Freight and Shipping', category: 'Freight' },
  { code: '5100', description: 'Raw Materials', category: 'Raw Materials' },
  { code: '5200', description: 'Production Supplies', category: 'Raw Materials' },
  { code: '6600', description: 'Travel', category: 'Travel' },
  { code: '6700', description: 'Training', category: 'Professional Services' },
  { code: '6800', description: 'Utilities', category: 'Utilities' },
] as const;

/** Oracle-only segment values: master-data sync should bring them to Procurify. */
export const oracleOnlyCostCenters = [
  { value: '910', description: 'Research and Development' },
  { value: '920', description: 'Corporate Marketing' },
] as const;
export const oracleOnlyAccounts = [
  { value: '6900', description: 'Marketing Programs' },
  { value: '7100', description: 'Bank Fees' },
] as const;

/**
 * Supplier names. The generator assigns each a relation (exact, case, punctuation, legal suffix,
 * external id, one side only) and derives the other side's name from it.
 */
export const vendorNames = [
  'Acme Industrial Supply',
  'Northwind Traders',
  'Pacific Fastener',
  'Evergreen Office Products',
  'Summit Safety Gear',
  'Columbia Steel Works',
  'Puget Sound Electric',
  'Rainier Tool and Die',
  'Olympic Hydraulics',
  'Cascade Packaging',
  'Willamette Lumber',
  'Tri-State Metals',
  "O'Brien Industrial Services",
  'Bluewater Logistics',
  'Harbor Freight Lines',
  'Granite Peak Consulting',
  'Redwood Software',
  'Silverline Networks',
  'Mountain View Janitorial',
  'Coastal Chemical',
  'Ironclad Bearings',
  'Precision Gauge',
  'Lakeside Uniforms',
  'Ridgeway Electrical Contractors',
  'Falcon Forklift Rentals',
  'Brightpath Training',
  'Delta Welding Supply',
  'Keystone Abrasives',
  'Vertex Automation',
  'Alpine Compressed Air',
  'Sterling Office Furniture',
  'Meridian Calibration',
  'Orca Marine Coatings',
  'Pinnacle IT Solutions',
  'Crescent Plastics',
  'Horizon Travel Services',
  'Lumen Lighting',
  'Emerald City Printing',
  'Northstar Conveyor',
  'Timberline Pallets',
  'Glacier Water Services',
  'Quantum Lab Supply',
  'Beacon Security Systems',
  'Frontier Rubber Products',
  'Atlas Crane Service',
  'Sapphire Cleaning Solutions',
  'Trident Valve',
  'Copperfield Wire and Cable',
  'Bayview Courier',
  'Highland Gloves',
  'Riverbend Electric Motors',
  'Westport Adhesives',
  'Cobalt Data Centers',
  'Prairie Seed and Feed',
  'Maple Leaf Industrial',
  'Fraser Valley Steel',
  'Stanley Park Catering',
  'Granville Office Supply',
  'Kodiak Heavy Equipment',
  'Sequoia Engineering',
] as const;

export const legalSuffixes = ['Inc.', 'LLC', 'Ltd.', 'Co.', 'GmbH', 'Corp.', 'Incorporated'] as const;

/** Items by GL account code: name, unit, price range in cents. */
export const itemSeeds: Record<string, { name: string; unit: string; minCents: number; maxCents: number }[]> =
  {
    '6100': [
      { name: 'Copy paper, letter, 10 reams', unit: 'case', minCents: 4_500, maxCents: 6_500 },
      { name: 'Toner cartridge, black', unit: 'each', minCents: 6_000, maxCents: 18_000 },
      { name: 'Ballpoint pens, blue, 12-pack', unit: 'pack', minCents: 600, maxCents: 1_500 },
      { name: 'Shipping labels, 4x6', unit: 'box', minCents: 2_000, maxCents: 4_500 },
    ],
    '6150': [
      { name: 'Laptop, 14", 16 GB', unit: 'each', minCents: 110_000, maxCents: 190_000 },
      { name: '27" monitor', unit: 'each', minCents: 22_000, maxCents: 45_000 },
      { name: 'Docking station', unit: 'each', minCents: 15_000, maxCents: 28_000 },
      { name: 'Network switch, 24-port', unit: 'each', minCents: 35_000, maxCents: 120_000 },
    ],
    '6200': [
      { name: 'CAD software subscription, annual seat', unit: 'each', minCents: 90_000, maxCents: 240_000 },
      { name: 'Maintenance management SaaS, monthly', unit: 'each', minCents: 30_000, maxCents: 90_000 },
    ],
    '6300': [
      { name: 'Hydraulic hose assembly', unit: 'each', minCents: 4_000, maxCents: 25_000 },
      { name: 'Bearing kit', unit: 'kit', minCents: 8_000, maxCents: 40_000 },
      { name: 'Repair labor, field technician', unit: 'hr', minCents: 9_500, maxCents: 16_000 },
    ],
    '6350': [
      { name: 'Safety glasses, clear', unit: 'box', minCents: 3_000, maxCents: 6_000 },
      { name: 'Cut-resistant gloves, size L', unit: 'pair', minCents: 800, maxCents: 2_500 },
      { name: 'Hard hat, Type II', unit: 'each', minCents: 2_500, maxCents: 6_500 },
    ],
    '6400': [
      { name: 'Engineering consulting', unit: 'hr', minCents: 12_500, maxCents: 22_500 },
      { name: 'Audit preparation support', unit: 'hr', minCents: 15_000, maxCents: 25_000 },
    ],
    '6500': [{ name: 'LTL freight, inbound', unit: 'each', minCents: 15_000, maxCents: 120_000 }],
    '5100': [
      { name: 'Cold-rolled steel sheet, 16 ga', unit: 'kg', minCents: 120, maxCents: 260 },
      { name: 'Aluminum bar stock, 6061', unit: 'kg', minCents: 450, maxCents: 900 },
      { name: 'HDPE pellets', unit: 'kg', minCents: 180, maxCents: 320 },
    ],
    '5200': [
      { name: 'Welding wire, ER70S-6', unit: 'box', minCents: 6_000, maxCents: 14_000 },
      { name: 'Grinding discs, 4.5"', unit: 'box', minCents: 3_500, maxCents: 9_000 },
      { name: 'Cutting fluid, 5 gal', unit: 'each', minCents: 7_500, maxCents: 16_000 },
    ],
    '6600': [{ name: 'Airfare, supplier audit trip', unit: 'each', minCents: 35_000, maxCents: 120_000 }],
    '6700': [{ name: 'Forklift operator certification', unit: 'each', minCents: 25_000, maxCents: 60_000 }],
    '6800': [{ name: 'Compressed air system service', unit: 'each', minCents: 40_000, maxCents: 150_000 }],
  };

/** Oracle's unit-of-measure names (what a PO line's UOM must be). */
export const oracleUnitsOfMeasure = [
  'Each',
  'Box',
  'Case',
  'Pack',
  'Kit',
  'Pair',
  'Hour',
  'Kilogram',
  'Pound',
];

export const requisitionNotes = [
  'Urgent: line 3 is down until this arrives.',
  'Replaces the unit that failed inspection on the 12th.',
  'Quarterly restock for the shipping area.',
  'For the new hire starting next Monday.',
  'Approved by plant manager; deliver to receiving dock B.',
  'Budgeted under the Q4 maintenance plan.',
  'Customer audit next month, please expedite.',
  'Pricing per the supplier quote on file.',
];

export const lineComments = [
  'Please include the certificate of conformance.',
  'Ship with the rest of the order if possible.',
  'Match the previous order exactly.',
  'Deliver before the shutdown window.',
];

export const firstNames = [
  'Maya',
  'Jonah',
  'Priya',
  'Luis',
  'Hana',
  'Omar',
  'Grace',
  'Wei',
  'Elena',
  'Sam',
  'Aisha',
  'Tom',
];
export const lastNames = [
  'Okafor',
  'Lindqvist',
  'Patel',
  'Moreno',
  'Tanaka',
  'Haddad',
  'Kim',
  'Chen',
  'Novak',
  'Brooks',
];
export const paymentTerms = ['Net 30', 'Net 45', 'Net 15', 'Due on receipt', '2/10 Net 30'];
export const shippingTerms = ['FOB Destination', 'FOB Origin', 'Prepaid and add'];
