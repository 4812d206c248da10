import { Random } from '../core/random.ts';
import {
  companyDomain,
  companyName,
  departmentSeeds,
  firstNames,
  glAccountSeeds,
  itemSeeds,
  lastNames,
  legalSuffixes,
  lineComments,
  locationSeeds,
  oracleOnlyAccounts,
  oracleOnlyCostCenters,
  oracleUnitsOfMeasure,
  paymentTerms,
  requisitionNotes,
  shippingTerms,
  vendorNames,
} from './catalog.ts';
import type {
  Scenario,
  ScenarioAccountCombination,
  ScenarioAllocation,
  ScenarioBill,
  ScenarioBillCost,
  ScenarioBillItem,
  ScenarioBudgetAccount,
  ScenarioDepartment,
  ScenarioGlAccount,
  ScenarioLocation,
  ScenarioOpenRequisition,
  ScenarioOptions,
  ScenarioPayment,
  ScenarioPoLine,
  ScenarioPurchaseOrder,
  ScenarioUser,
  ScenarioVendor,
  VendorRelation,
} from './types.ts';

const dayMs = 86_400_000;

/** Cents → "1234.50". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1234.50" → cents. */
export function parseCents(amount: string): number {
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  return amount.startsWith('-') ? -cents : cents;
}

function relationFor(index: number, total: number): VendorRelation {
  // The last six names are one-sided; the rest cycle through the ways names differ.
  if (index >= total - 3) return 'oracle_only';
  if (index >= total - 6) return 'procurify_only';
  const cycle: VendorRelation[] = [
    'exact',
    'exact',
    'case',
    'exact',
    'legal_suffix',
    'exact',
    'punctuation',
    'external_id',
    'exact',
    'legal_suffix',
  ];
  return cycle[index % cycle.length] ?? 'exact';
}

/** The Procurify-side and Oracle-side names of a supplier with the given relation. */
function vendorNamePair(
  base: string,
  relation: VendorRelation,
  random: Random,
): { procurify: string; oracle: string } {
  const suffix = random.pick(legalSuffixes);
  const official = `${base} ${suffix}`;
  switch (relation) {
    case 'case':
      return { procurify: official.toUpperCase(), oracle: official };
    case 'punctuation':
      return {
        procurify: `${base.replace(/'/g, '').replace(/-/g, ' ')}, ${suffix.replace('.', '')}`,
        oracle: official,
      };
    case 'legal_suffix':
      return { procurify: base, oracle: official };
    case 'external_id':
      return { procurify: `${base.split(' ')[0] ?? base} (${base})`, oracle: official };
    case 'procurify_only':
      return { procurify: `${base} Group`, oracle: official };
    case 'exact':
    case 'oracle_only':
      return { procurify: official, oracle: official };
  }
}

function addressFor(random: Random, location: ScenarioLocation): ScenarioLocation['address'] {
  return {
    line1: `${random.int(100, 9999)} ${random.pick(['Industrial Way', 'Commerce St', 'Harbor Ave', 'Mill Rd', 'Pine St'])}`,
    city: location.address.city,
    state: location.address.state,
    postalCode: location.address.postalCode,
    country: location.address.country,
  };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Deterministic tenant pair for `options.seed` (see ScenarioOptions for defaults). */
export function generateScenario(options: ScenarioOptions = {}): Scenario {
  const seed = options.seed ?? 42;
  const random = new Random(seed);
  const anchorMs = (options.anchor ?? new Date()).getTime();
  const spreadMs = (options.spreadDays ?? 20) * dayMs;
  const poCount = options.purchaseOrders ?? 60;
  const billCount = options.bills ?? poCount;
  const linesSpec = options.linesPerPo ?? { min: 1, max: 20 };
  const linesFor = () =>
    typeof linesSpec === 'number' ? linesSpec : random.int(linesSpec.min, linesSpec.max);

  const locations: ScenarioLocation[] = locationSeeds.map((seedLocation, index) => ({
    id: 1 + index,
    ...seedLocation,
    address: { ...seedLocation.address },
  }));

  const departments: ScenarioDepartment[] = [];
  for (const location of locations) {
    departmentSeeds.forEach((name, index) => {
      departments.push({
        id: location.id * 100 + index + 1,
        name: `${name} – ${location.externalId}`,
        locationId: location.id,
        costCenter: `${location.id}${index + 1}0`,
        active: true,
      });
    });
  }

  const glAccounts: ScenarioGlAccount[] = glAccountSeeds.map((account, index) => ({
    id: 10 + index,
    code: account.code,
    description: account.description,
    accountType: 2,
    category: account.category,
  }));

  const budgetAccounts: ScenarioBudgetAccount[] = [];
  const budgetAccountId = new Map<string, number>();
  for (const department of departments) {
    for (const account of glAccounts) {
      const id = 1000 + budgetAccounts.length;
      budgetAccounts.push({ id, glAccountId: account.id, departmentId: department.id });
      budgetAccountId.set(`${account.id}:${department.id}`, id);
    }
  }

  // Two of the Oracle-only suppliers are near misses of Procurify-only vendors ("X Group" vs
  // "X Holdings Inc."): no exact or normalized match, but a ranked suggestion for the operator.
  const procurifyOnlyBases = vendorNames.slice(vendorNames.length - 6, vendorNames.length - 3);
  const vendors: ScenarioVendor[] = vendorNames.map((base, index) => {
    const relation = relationFor(index, vendorNames.length);
    const nearMiss =
      relation === 'oracle_only' ? procurifyOnlyBases[index - (vendorNames.length - 3)] : undefined;
    const names =
      nearMiss && index < vendorNames.length - 1
        ? { procurify: '', oracle: `${nearMiss} Holdings Inc.` }
        : vendorNamePair(base, relation, random);
    const home = locations[index % locations.length]!;
    const supplierNumber = String(5000 + index);
    const createdAtMs = anchorMs - 400 * dayMs + index * dayMs;
    const vendor: ScenarioVendor = { key: `v${index + 1}`, relation };
    if (relation !== 'oracle_only') {
      vendor.procurify = {
        id: 200 + index,
        name: names.procurify,
        externalId: relation === 'external_id' ? supplierNumber : null,
        email: `ap@${base.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
        phone: `+1-206-555-${String(1000 + index).slice(-4)}`,
        address: addressFor(random, home),
        paymentTerms: random.pick(paymentTerms),
      };
    }
    if (relation !== 'procurify_only') {
      // Most suppliers serve every plant, with a site in each business unit; a few local ones
      // only have a site in their home business unit (documents of another BU then block).
      const siteBUs =
        index % 9 === 0 || index % 9 === 8 ? [home.businessUnit] : ['US1 Business Unit', 'CA1 Business Unit'];
      vendor.oracle = {
        supplierId: 300000047001000 + index,
        supplierNumber,
        name: names.oracle,
        taxOrganizationType: 'Corporation',
        sites: siteBUs.map((bu, siteIndex) => ({
          supplierSiteId: 300000047501000 + index * 10 + siteIndex,
          siteCode: `${base
            .replace(/[^A-Za-z]/g, '')
            .slice(0, 8)
            .toUpperCase()}-${bu.startsWith('CA') ? 'CA' : 'US'}`,
          procurementBU: bu,
          purchasing: true,
          pay: true,
          address: addressFor(random, home),
        })),
        createdAt: new Date(createdAtMs).toISOString(),
        lastUpdatedAt: new Date(createdAtMs + 30 * dayMs).toISOString(),
      };
    }
    return vendor;
  });
  const linkedVendors = vendors.filter((vendor) => vendor.procurify && vendor.relation !== 'procurify_only');
  const unlinkedVendors = vendors.filter((vendor) => vendor.relation === 'procurify_only');
  const pickVendor = () => (random.chance(0.04) ? random.pick(unlinkedVendors) : random.pick(linkedVendors));

  const users: ScenarioUser[] = [];
  for (const location of locations) {
    for (let n = 0; n < 4; n += 1) {
      const first = firstNames[(location.id * 4 + n) % firstNames.length]!;
      const last = lastNames[(location.id * 3 + n) % lastNames.length]!;
      const department = departments.filter((candidate) => candidate.locationId === location.id)[n % 5]!;
      users.push({
        id: 50 + users.length,
        firstName: first,
        lastName: last,
        email: `${first}.${last}@${companyDomain}.example`.toLowerCase(),
        locationId: location.id,
        departmentId: department.id,
        role: n === 0 ? 7 : n === 1 ? 8 : 0,
      });
    }
  }
  const purchasers = users.filter((user) => user.role === 7);
  const approvers = users.filter((user) => user.role === 8);

  const departmentsAt = (locationId: number) =>
    departments.filter((department) => department.locationId === locationId);
  const accountFor = (glAccountId: number, departmentId: number) =>
    budgetAccountId.get(`${glAccountId}:${departmentId}`)!;
  const timeIn = () => anchorMs - spreadMs + Math.floor(random.next() * (spreadMs - 3_600_000));

  let orderItemId = 9000;
  const purchaseOrders: ScenarioPurchaseOrder[] = [];
  for (let index = 0; index < poCount; index += 1) {
    const vendor = pickVendor();
    const location = locations[index % locations.length]!;
    const createdAtMs = timeIn();
    const modifiedAtMs = Math.min(createdAtMs + random.int(0, 2 * dayMs), anchorMs - 60_000);
    const departmentList = departmentsAt(location.id);
    const requester = users.filter((user) => user.locationId === location.id)[random.int(0, 3)]!;
    const lineCount = linesFor();
    const lines: ScenarioPoLine[] = [];
    let subtotalCents = 0;
    for (let lineNumber = 1; lineNumber <= lineCount; lineNumber += 1) {
      const glAccount = random.pick(glAccounts);
      const item = random.pick(itemSeeds[glAccount.code] ?? itemSeeds['6100']!);
      const department = random.chance(0.7)
        ? (departmentList[requester.departmentId % 5] ?? departmentList[0]!)
        : random.pick(departmentList);
      const quantityHalves =
        item.unit === 'hr' && random.chance(0.5) ? random.int(2, 80) : random.int(1, 24) * 2;
      const unitCents = random.int(item.minCents, item.maxCents);
      const totalCents = Math.round((unitCents * quantityHalves) / 2);
      subtotalCents += totalCents;
      lines.push({
        id: ++orderItemId,
        lineNumber,
        name: item.name,
        sku: `${glAccount.code}-${String(random.int(100, 999))}`,
        unit: item.unit,
        quantity: quantityHalves % 2 === 0 ? String(quantityHalves / 2) : `${(quantityHalves - 1) / 2}.5`,
        unitPrice: formatCents(unitCents),
        total: formatCents(totalCents),
        accountId: accountFor(glAccount.id, department.id),
        glAccountId: glAccount.id,
        departmentId: department.id,
        note: random.chance(0.25) ? random.pick(lineComments) : null,
        requiredDate: isoDate(createdAtMs + random.int(5, 30) * dayMs),
      });
    }
    const freightCents = random.chance(0.4) ? random.int(2_500, 45_000) : 0;
    const taxCents = random.chance(0.5) ? Math.round(subtotalCents * 0.08) : 0;
    const id = 1000 + index;
    purchaseOrders.push({
      id,
      uuid: random.uuid(),
      number: String(id),
      vendorKey: vendor.key,
      locationId: location.id,
      purchaserId: random.pick(purchasers.filter((user) => user.locationId === location.id)).id,
      currency: location.currency,
      createdAt: new Date(createdAtMs).toISOString(),
      modifiedAt: new Date(modifiedAtMs).toISOString(),
      promiseDate: new Date(createdAtMs + random.int(7, 40) * dayMs).toISOString(),
      paymentTerms: vendor.procurify!.paymentTerms,
      shippingTerms: random.pick(shippingTerms),
      subtotal: formatCents(subtotalCents),
      freight: formatCents(freightCents),
      tax: formatCents(taxCents),
      total: formatCents(subtotalCents + freightCents + taxCents),
      state: 0,
      comment: random.chance(0.3) ? 'Deliver to receiving, attention stores.' : '',
      requisition: {
        num: 7000 + index,
        uuid: random.uuid(),
        description: random.pick(requisitionNotes),
        requesterId: requester.id,
        departmentId: requester.departmentId,
        createdAt: new Date(createdAtMs - random.int(1, 5) * dayMs).toISOString(),
        approvedAt: new Date(createdAtMs - random.int(0, 1) * dayMs).toISOString(),
      },
      lines,
    });
  }

  let billItemId = 40_000;
  let allocationId = 80_000;
  let costId = 60_000;
  const invoiceNumbersUsed = new Map<string, number>();
  const bills: ScenarioBill[] = [];
  for (let index = 0; index < billCount; index += 1) {
    const onPo = purchaseOrders.length > 0 && random.chance(0.6);
    const po = onPo ? purchaseOrders[random.int(0, purchaseOrders.length - 1)]! : undefined;
    const vendor = po ? vendors.find((candidate) => candidate.key === po.vendorKey)! : pickVendor();
    const location = po
      ? locations.find((candidate) => candidate.id === po.locationId)!
      : locations[index % locations.length]!;
    const departmentList = departmentsAt(location.id);
    const createdAtMs = po
      ? Math.max(Date.parse(po.createdAt) + random.int(1, 5) * dayMs, timeIn())
      : timeIn();
    const invoiceDateMs = Math.min(createdAtMs, anchorMs - dayMs);
    const modifiedAtMs = Math.min(createdAtMs + random.int(0, dayMs), anchorMs - 60_000);
    const items: ScenarioBillItem[] = [];
    const allocate = (
      glAccountId: number,
      departmentId: number,
      amountCents: number,
    ): ScenarioAllocation => ({
      id: ++allocationId,
      accountId: accountFor(glAccountId, departmentId),
      glAccountId,
      departmentId,
      amount: formatCents(amountCents),
    });
    const sourceLines = po ? po.lines.slice(0, Math.max(1, Math.min(po.lines.length, random.int(1, 6)))) : [];
    const itemCount = po ? sourceLines.length : random.int(1, 5);
    let subtotalCents = 0;
    let taxCents = 0;
    for (let n = 0; n < itemCount; n += 1) {
      const poLine = sourceLines[n];
      const glAccount = poLine
        ? glAccounts.find((account) => account.id === poLine.glAccountId)!
        : random.pick(glAccounts);
      const item = poLine
        ? {
            name: poLine.name,
            unit: poLine.unit,
            cents: parseCents(poLine.unitPrice),
            quantity: poLine.quantity,
            sku: poLine.sku,
          }
        : (() => {
            const seedItem = random.pick(itemSeeds[glAccount.code] ?? itemSeeds['6100']!);
            return {
              name: seedItem.name,
              unit: seedItem.unit,
              cents: random.int(seedItem.minCents, seedItem.maxCents),
              quantity: String(random.int(1, 12)),
              sku: `${glAccount.code}-${String(random.int(100, 999))}`,
            };
          })();
      const quantityHalves = Math.round(Number(item.quantity) * 2);
      const totalCents = Math.round((item.cents * quantityHalves) / 2);
      const department = poLine
        ? departments.find((candidate) => candidate.id === poLine.departmentId)!
        : random.pick(departmentList);
      const allocations: ScenarioAllocation[] = [];
      if (totalCents > 1000 && random.chance(0.15)) {
        // Split allocation across two departments of the location.
        const other = random.pick(departmentList.filter((candidate) => candidate.id !== department.id));
        const first = Math.round(totalCents * random.pick([0.5, 0.6, 0.7, 0.75]));
        allocations.push(
          allocate(glAccount.id, department.id, first),
          allocate(glAccount.id, other.id, totalCents - first),
        );
      } else {
        allocations.push(allocate(glAccount.id, department.id, totalCents));
      }
      const taxRate = location.currency === 'CAD' ? 0.05 : random.chance(0.5) ? 0.08 : 0;
      const itemTaxCents = Math.round(totalCents * taxRate);
      subtotalCents += totalCents;
      taxCents += itemTaxCents;
      items.push({
        id: ++billItemId,
        description: item.name,
        sku: item.sku,
        unit: item.unit,
        quantity: item.quantity,
        unitCost: formatCents(item.cents),
        total: formatCents(totalCents),
        taxPercentage: (taxRate * 100).toFixed(2),
        taxAmount: formatCents(itemTaxCents),
        poLineId: poLine?.id ?? null,
        allocations,
      });
    }
    const costs: ScenarioBillCost[] = [];
    if (random.chance(0.3)) {
      const freight = glAccounts.find((account) => account.code === '6500')!;
      const department = random.pick(departmentList);
      const amountCents = random.int(1_500, 30_000);
      costs.push({
        id: ++costId,
        name: 'Freight',
        amount: formatCents(amountCents),
        allocation: allocate(freight.id, department.id, amountCents),
      });
    }
    const costCents = costs.reduce((sum, cost) => sum + parseCents(cost.amount), 0);
    const statusRoll = random.next();
    const status =
      statusRoll < 0.8 ? 2 : statusRoll < 0.88 ? 0 : statusRoll < 0.93 ? 1 : statusRoll < 0.96 ? 3 : 4;
    let invoiceNumber = random.chance(0.03) ? '' : `INV-${random.int(10_000, 99_999)}`;
    if (invoiceNumber && (invoiceNumbersUsed.get(`${vendor.key}:${invoiceNumber}`) ?? 0) > 0)
      invoiceNumber = `${invoiceNumber}-${index}`;
    if (invoiceNumber) invoiceNumbersUsed.set(`${vendor.key}:${invoiceNumber}`, 1);
    const id = 500 + index;
    const terms = vendor.procurify!.paymentTerms;
    const termDays = Number(/\d+$/.exec(terms)?.[0] ?? 0);
    bills.push({
      id,
      uuid: random.hex(32),
      invoiceNumber,
      vendorKey: vendor.key,
      locationId: location.id,
      status,
      group: 3000 + index,
      currency: location.currency,
      invoiceDate: new Date(invoiceDateMs).toISOString(),
      dueDate: new Date(invoiceDateMs + termDays * dayMs).toISOString(),
      submittedAt: new Date(createdAtMs).toISOString(),
      modifiedAt: new Date(modifiedAtMs).toISOString(),
      paymentTerms: terms,
      note: random.chance(0.4) ? `Bill for ${po ? `PO ${po.number}` : 'services rendered'}` : '',
      purchaseOrderId: po?.id ?? null,
      creatorId: random.pick(approvers).id,
      approverId: random.pick(approvers).id,
      items,
      costs,
      subtotal: formatCents(subtotalCents),
      taxAmount: formatCents(taxCents),
      total: formatCents(subtotalCents + costCents + taxCents),
      paymentDate: status === 4 ? isoDate(modifiedAtMs) : null,
    });
  }

  // Payments made in Procurify: every bill already paid there, and a few approved ones paid
  // through Procurify Pay (customers using paymentsSource = "procurify").
  const payments: ScenarioPayment[] = [];
  for (const bill of bills) {
    if (bill.status !== 4 && !(bill.status === 2 && random.chance(0.05))) continue;
    const paidAtMs = Math.min(Date.parse(bill.modifiedAt) + random.int(0, dayMs), anchorMs - 60_000);
    payments.push({
      id: 900 + payments.length,
      uuid: random.uuid(),
      billGroupIds: [bill.group],
      amount: bill.total,
      currency: bill.currency,
      status: 'paid',
      processingDate: new Date(paidAtMs).toISOString(),
      createdAt: new Date(paidAtMs - 3_600_000).toISOString(),
      updatedAt: new Date(paidAtMs).toISOString(),
      vendorKey: bill.vendorKey,
      sourceType: bill.status === 4 ? 'external' : 'financial_account',
    });
  }

  const chartOfAccounts = {
    id: 5237,
    delimiter: '-',
    companyValue: '100',
    intercompanyValue: '000',
    costCenterValueSet: 'CASCADE_COST_CENTER',
    accountValueSet: 'CASCADE_ACCOUNT',
  };
  const costCenters = [
    ...departments.map((department) => ({
      value: department.costCenter,
      description: department.name,
      enabled: true,
    })),
    ...oracleOnlyCostCenters.map((value) => ({ ...value, enabled: true })),
  ];
  const accounts = [
    ...glAccounts.map((account) => ({
      value: account.code,
      description: account.description,
      enabled: true,
    })),
    ...oracleOnlyAccounts.map((value) => ({ ...value, enabled: true })),
  ];
  const accountCombinations: ScenarioAccountCombination[] = [];
  for (const costCenter of costCenters) {
    for (const account of accounts) {
      const segments = [
        chartOfAccounts.companyValue,
        costCenter.value,
        account.value,
        chartOfAccounts.intercompanyValue,
      ];
      accountCombinations.push({
        id: 10_000 + accountCombinations.length,
        combination: segments.join(chartOfAccounts.delimiter),
        company: chartOfAccounts.companyValue,
        costCenter: costCenter.value,
        account: account.value,
        intercompany: chartOfAccounts.intercompanyValue,
        accountType: 'E',
        // One disabled combination, so a charge account can be rejected as disabled.
        enabled: !(costCenter.value === '920' && account.value === '7100'),
      });
    }
  }

  const openRequisitionCount = options.openRequisitions ?? 0;
  const openRequisitions =
    openRequisitionCount > 0
      ? generateOpenRequisitions({
          seed,
          count: openRequisitionCount,
          anchorMs,
          spreadMs,
          firstNum: 7000 + poCount,
          firstItemId: orderItemId,
          locations,
          departments,
          glAccounts,
          users,
          pickVendorKey: (stream) =>
            (stream.chance(0.04) ? stream.pick(unlinkedVendors) : stream.pick(linkedVendors)).key,
        })
      : undefined;

  return {
    seed,
    anchor: new Date(anchorMs).toISOString(),
    company: { name: companyName, domain: companyDomain, baseCurrency: 'USD', chartOfAccounts },
    locations,
    departments,
    glAccounts,
    budgetAccounts,
    vendors,
    users,
    purchaseOrders,
    bills,
    payments,
    ...(openRequisitions ? { openRequisitions } : {}),
    oracle: {
      businessUnits: [
        { id: 300000046987012, name: 'US1 Business Unit', currency: 'USD', procurement: true },
        { id: 300000046987013, name: 'CA1 Business Unit', currency: 'CAD', procurement: true },
      ],
      currencies: ['USD', 'CAD', 'EUR', 'GBP', 'MXN'],
      unitsOfMeasure: [...oracleUnitsOfMeasure],
      categories: [...new Set(glAccounts.map((account) => account.category))],
      paymentTerms: [...paymentTerms, 'Immediate'],
      buyers: [
        { id: 300000048000001, email: `buyer@${companyDomain}.example`, name: 'Central Buyer' },
        ...purchasers.map((user, index) => ({
          id: 300000048000010 + index,
          email: user.email,
          name: `${user.firstName} ${user.lastName}`,
        })),
      ],
      shipToLocations: locations.map((location) => ({
        code: location.shipToLocationCode,
        businessUnit: location.businessUnit,
      })),
      costCenters,
      accounts,
      accountCombinations,
    },
  };
}

/**
 * Requisitions no purchaser has converted yet: mostly approved (some mixing two vendors), a few
 * pending, denied or draft. Their own random stream (derived from the seed) keeps every other
 * record of a seed identical whether or not they are asked for.
 */
function generateOpenRequisitions(input: {
  seed: number;
  count: number;
  anchorMs: number;
  spreadMs: number;
  firstNum: number;
  firstItemId: number;
  locations: ScenarioLocation[];
  departments: ScenarioDepartment[];
  glAccounts: ScenarioGlAccount[];
  users: ScenarioUser[];
  pickVendorKey: (random: Random) => string;
}): ScenarioOpenRequisition[] {
  const random = new Random((input.seed ^ 0x5eed_4e9) >>> 0);
  let itemId = input.firstItemId;
  const requisitions: ScenarioOpenRequisition[] = [];
  for (let index = 0; index < input.count; index += 1) {
    const location = input.locations[index % input.locations.length]!;
    const departmentList = input.departments.filter((department) => department.locationId === location.id);
    const requester = random.pick(input.users.filter((user) => user.locationId === location.id));
    const createdAtMs =
      input.anchorMs - input.spreadMs + Math.floor(random.next() * (input.spreadMs - 7_200_000));
    const statusRoll = random.next();
    const status = statusRoll < 0.8 ? 1 : statusRoll < 0.88 ? 0 : statusRoll < 0.94 ? 2 : 6;
    const modifiedAtMs = Math.min(createdAtMs + random.int(60_000, 2 * 86_400_000), input.anchorMs - 60_000);
    const vendorKeys = [input.pickVendorKey(random)];
    if (random.chance(0.25)) vendorKeys.push(input.pickVendorKey(random));
    const lineCount = random.int(vendorKeys.length, 6);
    const lines: ScenarioOpenRequisition['lines'] = [];
    for (let n = 0; n < lineCount; n += 1) {
      const glAccount = random.pick(input.glAccounts);
      const item = random.pick(itemSeeds[glAccount.code] ?? itemSeeds['6100']!);
      const department = random.chance(0.7)
        ? (departmentList.find((candidate) => candidate.id === requester.departmentId) ?? departmentList[0]!)
        : random.pick(departmentList);
      const quantity = random.int(1, 24);
      const unitCents = random.int(item.minCents, item.maxCents);
      lines.push({
        id: ++itemId,
        name: item.name,
        sku: `${glAccount.code}-${String(random.int(100, 999))}`,
        unit: item.unit,
        quantity: String(quantity),
        unitPrice: formatCents(unitCents),
        total: formatCents(unitCents * quantity),
        vendorKey: vendorKeys[n % vendorKeys.length]!,
        glAccountId: glAccount.id,
        departmentId: department.id,
        note: random.chance(0.25) ? random.pick(lineComments) : null,
      });
    }
    requisitions.push({
      num: input.firstNum + index,
      uuid: random.uuid(),
      description: random.pick(requisitionNotes),
      requesterId: requester.id,
      departmentId: requester.departmentId,
      locationId: location.id,
      currency: location.currency,
      status,
      createdAt: new Date(createdAtMs).toISOString(),
      modifiedAt: new Date(modifiedAtMs).toISOString(),
      approvedAt: status === 1 ? new Date(modifiedAtMs).toISOString() : null,
      requiredDate: isoDate(createdAtMs + random.int(5, 30) * dayMs),
      lines,
    });
  }
  return requisitions;
}

/** The vendor of `key`, for renderers. */
export function vendorByKey(scenario: Scenario): (key: string) => ScenarioVendor {
  const map = new Map(scenario.vendors.map((vendor) => [vendor.key, vendor]));
  return (key) => {
    const vendor = map.get(key);
    if (!vendor) throw new Error(`Scenario has no vendor ${key}`);
    return vendor;
  };
}

export const procurifyVendorCount = (scenario: Scenario) =>
  scenario.vendors.filter((vendor) => vendor.procurify).length;
