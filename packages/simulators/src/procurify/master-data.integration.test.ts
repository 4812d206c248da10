import type {
  AccountCodeRead,
  DepartmentRead,
  LocationView,
  OptimizedVendor,
  UserProfileMe,
  Vendor,
  VendorDetail,
} from '@mlc/procurify-api';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  expectSpecCompliant,
  specValidator,
  startTestSimulator,
  type ListOf,
  type SingleOf,
  type TestSimulator,
  expectStatus,
} from './test-support.ts';

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startTestSimulator();
});

const newVendor = {
  name: 'Puget Sound Fasteners Inc.',
  email: ['ap@pugetfasteners.example'],
  type: 4,
  overall_score: null,
  external_id: '300000047001999',
  addressLineOne: '12 Marine Dr',
  city: 'Tacoma',
  payment_term_ref: { name: 'Net 30' },
};

/** Moves the clock a minute on and returns that moment: writes after it must be dated after it. */
async function later(): Promise<string> {
  await sim.setClock(new Date(sim.core.clock.nowMs() + 60_000).toISOString());
  return sim.core.clock.now().toISOString();
}

function expectStampedSince(stamp: string, since: string): void {
  expect(Date.parse(stamp)).toBeGreaterThanOrEqual(Date.parse(since));
  expect(Date.parse(stamp)).toBeLessThanOrEqual(sim.core.clock.nowMs());
}

describe('vendors', () => {
  it('lists vendors in the spec’s shape, on the bare path and the group paths', async () => {
    const procurifyVendors = sim.scenario.vendors.filter((vendor) => vendor.procurify);
    for (const path of ['/api/v3/vendors/', '/api/v3/vendors/all/']) {
      const response = await sim.api<ListOf<OptimizedVendor>>('GET', path);
      // The spec's list operation is `/api/v3/vendors/` (its vendor_group parameter has no placeholder).
      expectSpecCompliant('GET', '/api/v3/vendors/', response);
      expect(response.body.metadata.pagination.count).toBe(procurifyVendors.length);
    }
    const first = procurifyVendors[0]!.procurify!;
    const list = await sim.api<ListOf<OptimizedVendor>>('GET', '/api/v3/vendors/');
    expect(list.body.data[0]).toMatchObject({
      id: first.id,
      name: first.name,
      email: [first.email],
      external_id: first.externalId,
    });
    expect((await sim.api('GET', '/api/v3/vendors/nonsense/')).status).toBe(404);
  });

  it('filters on name, external_id and search', async () => {
    const withExternalId = sim.scenario.vendors.find((vendor) => vendor.procurify?.externalId)!.procurify!;
    const byName = await sim.api<ListOf<OptimizedVendor>>(
      'GET',
      `/api/v3/vendors/?name=${encodeURIComponent(withExternalId.name)}`,
    );
    expect(byName.body.data.map((vendor) => vendor.id)).toEqual([withExternalId.id]);
    const byExternalId = await sim.api<ListOf<OptimizedVendor>>(
      'GET',
      `/api/v3/vendors/?external_id=${withExternalId.externalId}`,
    );
    expect(byExternalId.body.data.map((vendor) => vendor.id)).toEqual([withExternalId.id]);
    const search = await sim.api<ListOf<OptimizedVendor>>(
      'GET',
      `/api/v3/vendors/?search=${encodeURIComponent(withExternalId.name.slice(0, 5).toLowerCase())}`,
    );
    expect(search.body.data.map((vendor) => vendor.id)).toContain(withExternalId.id);
  });

  it('creates, retrieves, replaces and patches a vendor, each answer in the spec’s shape', async () => {
    const requestCheck = specValidator.validateRequest({
      method: 'POST',
      path: '/api/v3/vendors/',
      headers: { 'content-type': 'application/json' },
      body: newVendor,
    });
    expect(requestCheck.errors).toEqual([]);
    const createdAt = await later();
    const created = await sim.api<SingleOf<VendorDetail>>('POST', '/api/v3/vendors/', { body: newVendor });
    expectStatus(created, 201);
    expectSpecCompliant('POST', '/api/v3/vendors/', created);
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({
      name: newVendor.name,
      external_id: newVendor.external_id,
      payment_term_ref: { name: 'Net 30' },
    });
    expectStampedSince(created.body.data.dateModified, createdAt);

    const path = `/api/v3/vendors/${id}/`;
    expectSpecCompliant('GET', path, await sim.api('GET', path));

    const replacedAt = await later();
    const replaced = await sim.api<SingleOf<Vendor>>('PUT', path, {
      body: { ...newVendor, name: 'Puget Sound Fasteners' },
    });
    expectSpecCompliant('PUT', path, replaced);
    expect(replaced.body.data.name).toBe('Puget Sound Fasteners');
    expectStampedSince(replaced.body.data.dateModified, replacedAt);
    expect(typeof replaced.body.data.payment_term_ref).toBe('number');

    const patchedAt = await later();
    const patched = await sim.api<SingleOf<OptimizedVendor>>('PATCH', path, {
      body: { external_id: 'SUP-1' },
    });
    expectSpecCompliant('PATCH', path, patched);
    expect(patched.body.data).toMatchObject({ name: 'Puget Sound Fasteners', external_id: 'SUP-1' });
    expectStampedSince(patched.body.data.dateModified, patchedAt);
    const listed = await sim.api<ListOf<OptimizedVendor>>('GET', '/api/v3/vendors/?external_id=SUP-1');
    expect(listed.body.data.map((vendor) => vendor.id)).toEqual([id]);
  });

  it('validates writes like DRF and changes nothing on a 400', async () => {
    const cases: [unknown, Record<string, unknown>][] = [
      [
        { ...newVendor, name: 'x'.repeat(151) },
        { name: ['Ensure this field has no more than 150 characters.'] },
      ],
      [
        { ...newVendor, external_id: '9'.repeat(101) },
        { external_id: ['Ensure this field has no more than 100 characters.'] },
      ],
      [
        { external_id: 'A1' },
        {
          name: ['This field is required.'],
          email: ['This field is required.'],
          type: ['This field is required.'],
          overall_score: ['This field is required.'],
        },
      ],
      [{ ...newVendor, email: ['not-an-email'] }, { email: { '0': ['Enter a valid email address.'] } }],
      [{ ...newVendor, type: 9 }, { type: ['"9" is not a valid choice.'] }],
      [{ ...newVendor, name: '' }, { name: ['This field may not be blank.'] }],
      [{ ...newVendor, name: null }, { name: ['This field may not be null.'] }],
      [['a list'], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
    ];
    const count = sim.store.vendors.size;
    for (const [body, errors] of cases) {
      const response = await sim.api('POST', '/api/v3/vendors/', { body });
      expectStatus(response, 400);
      expect(response.body).toEqual(errors);
    }
    expect(sim.store.vendors.size).toBe(count);

    const vendor = sim.scenario.vendors.find((candidate) => candidate.procurify)!.procurify!;
    const before = await sim.api('GET', `/api/v3/vendors/${vendor.id}/`);
    const patch = await sim.api('PATCH', `/api/v3/vendors/${vendor.id}/`, {
      body: { external_id: '1'.repeat(101) },
    });
    expect(patch.status).toBe(400);
    const put = await sim.api('PUT', `/api/v3/vendors/${vendor.id}/`, { body: { name: 'Only a name' } });
    expect(put.status).toBe(400);
    expect((await sim.api('GET', `/api/v3/vendors/${vendor.id}/`)).body).toEqual(before.body);
    expect((await sim.api('PATCH', '/api/v3/vendors/999999/', { body: {} })).status).toBe(404);
  });
});

describe('account codes', () => {
  it('lists, creates and updates account codes in the spec’s shape', async () => {
    const path = '/api/v3/account-codes/';
    const list = await sim.api<ListOf<AccountCodeRead>>('GET', path);
    expectSpecCompliant('GET', path, list);
    expect(list.body.metadata.pagination.count).toBe(sim.scenario.glAccounts.length);

    const created = await sim.api<SingleOf<AccountCodeRead>>('POST', path, {
      body: {
        code: '7450',
        description: 'Tooling',
        account_type: 2,
        departments: [sim.scenario.departments[0]!.id],
      },
    });
    expectStatus(created, 201);
    expectSpecCompliant('POST', path, created);
    expect(created.body.data).toMatchObject({
      code: '7450',
      description: 'Tooling',
      active: true,
      applied_accounts_count: 1,
    });

    const itemPath = `/api/v3/account-codes/${created.body.data.id}/`;
    const updated = await sim.api<SingleOf<AccountCodeRead>>('PUT', itemPath, {
      body: { code: '7450', description: 'Tooling and dies' },
    });
    expectSpecCompliant('PUT', itemPath, updated);
    expect(updated.body.data.description).toBe('Tooling and dies');

    const duplicate = await sim.api('POST', path, { body: { code: '7450', description: 'Again' } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual({ code: ['account code with this code already exists.'] });
    const tooLong = await sim.api('POST', path, { body: { code: '1'.repeat(51), description: 'x' } });
    expect(tooLong.body).toEqual({ code: ['Ensure this field has no more than 50 characters.'] });
  });

  it('filters on code, active and search', async () => {
    const gl = sim.scenario.glAccounts[3]!;
    const count = async (query: string) =>
      (await sim.api<ListOf<AccountCodeRead>>('GET', `/api/v3/account-codes/?${query}`)).body.metadata
        .pagination.count;
    expect(await count(`code=${gl.code}`)).toBe(1);
    expect(await count('active=true')).toBe(sim.scenario.glAccounts.length);
    expect(await count('active=false')).toBe(0);
    expect(await count(`search=${encodeURIComponent(gl.description.toLowerCase())}`)).toBeGreaterThanOrEqual(
      1,
    );
  });
});

describe('departments', () => {
  it('lists, creates and updates departments with the cost center as external_id', async () => {
    const path = '/api/v3/departments/';
    const list = await sim.api<ListOf<DepartmentRead>>('GET', `${path}?page_size=100`);
    expectSpecCompliant('GET', path, list);
    const department = sim.scenario.departments[0]!;
    expect(list.body.data[0]).toMatchObject({
      id: department.id,
      name: department.name,
      external_id: department.costCenter,
    });

    const created = await sim.api<SingleOf<DepartmentRead>>('POST', path, {
      body: { branch: 1, name: 'Research and Development', external_id: '910' },
    });
    expectStatus(created, 201);
    expectSpecCompliant('POST', path, created);
    const itemPath = `${path}${created.body.data.id}/`;
    const updated = await sim.api<SingleOf<DepartmentRead>>('PUT', itemPath, {
      body: { branch: 1, name: 'R&D', external_id: '911', active: false },
    });
    expectSpecCompliant('PUT', itemPath, updated);
    expect(updated.body.data).toMatchObject({ name: 'R&D', external_id: '911', active: false });

    const badBranch = await sim.api('POST', path, { body: { branch: 99, name: 'Nowhere' } });
    expect(badBranch.status).toBe(400);
    expect(badBranch.body).toEqual({ branch: ['Invalid pk "99" - object does not exist.'] });
    const byBranch = await sim.api<ListOf<DepartmentRead>>('GET', `${path}?branch=2`);
    expect(byBranch.body.data.every((row) => row.branch.id === 2)).toBe(true);
  });
});

describe('locations and the current user', () => {
  it('lists and retrieves locations in the spec’s shape', async () => {
    const list = await sim.api<ListOf<LocationView>>('GET', '/api/v2/locations/');
    expectSpecCompliant('GET', '/api/v2/locations/', list);
    expect(list.body.data.map((location) => location.external_id)).toEqual(
      sim.scenario.locations.map((location) => location.externalId),
    );
    const detail = await sim.api<SingleOf<LocationView>>('GET', '/api/v2/locations/2/');
    expectSpecCompliant('GET', '/api/v2/locations/2/', detail);
    expect(detail.body.data.name).toBe(sim.scenario.locations[1]!.name);
    const headquarters = await sim.api<ListOf<LocationView>>('GET', '/api/v2/locations/?headquarter=true');
    expect(headquarters.body.data.map((location) => location.id)).toEqual([1]);
    expect((await sim.api('GET', '/api/v2/locations/77/')).status).toBe(404);
  });

  it('answers /api/v3/users/me/ with the integration user', async () => {
    const response = await sim.api<SingleOf<UserProfileMe>>('GET', '/api/v3/users/me/');
    expectSpecCompliant('GET', '/api/v3/users/me/', response);
    expect(response.body.data).toMatchObject({ email: sim.store.integrationUser.email, role: 7 });
  });
});
