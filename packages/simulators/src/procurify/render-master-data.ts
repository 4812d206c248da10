import type {
  DepartmentRead,
  OptimizedVendor,
  UserProfileMe,
  Vendor,
  VendorDetail,
} from '@mlc/procurify-api';
import { authUserId } from './reference-data.ts';
import type { DepartmentRecord, VendorRecord } from './records.ts';
import { departmentOf, locationOf, locationView, vendorRead } from './render-shared.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * The vendors endpoints answer with three different serializers (the spec's OptimizedVendor for
 * the list and PATCH, VendorDetail for create and retrieve, Vendor for PUT); they differ in how
 * `overall_score` and the `*_ref` fields are typed.
 */
export function optimizedVendor(vendor: VendorRecord): OptimizedVendor {
  const {
    overall_score: _score,
    payment_methods: _methods,
    creditcards: _cards,
    ...rest
  } = vendorRead(vendor);
  return {
    ...rest,
    email: [...vendor.email],
    overall_score: vendor.overall_score,
    payment_methods: [],
    creditcards: [],
  };
}

export function vendorDetail(vendor: VendorRecord): VendorDetail {
  return vendorRead(vendor);
}

export function vendorWritten(vendor: VendorRecord): Vendor {
  return {
    ...vendorRead(vendor),
    payment_term_ref: vendor.payment_term_ref?.id ?? null,
    shipping_term_ref: vendor.shipping_term_ref?.id ?? null,
    payment_method_ref: vendor.payment_method_ref?.id ?? null,
    shipping_method_ref: vendor.shipping_method_ref?.id ?? null,
  };
}

export function departmentRead(store: ProcurifyStore, department: DepartmentRecord): DepartmentRead {
  const location = locationOf(store, department.locationId);
  return {
    id: department.id,
    branch: { id: location.id, name: location.name, headquarter: location.headquarter },
    external_id: department.externalId,
    name: department.name,
    active: department.active,
    punchout_email: department.punchoutEmail,
    is_active_for_account_code: department.active,
  };
}

/** `GET /api/v3/users/me/`: the user whose API application the token belongs to. */
export function userProfileMe(store: ProcurifyStore): UserProfileMe {
  const user = store.integrationUser;
  const department = departmentOf(store, user.departmentId);
  const since = new Date(Date.parse(store.scenario.anchor) - 500 * 86_400_000).toISOString();
  return {
    id: user.id,
    domains: {
      active: false,
      procurify_domains: [{ subdomain: store.scenario.company.domain, name: store.scenario.company.name }],
    },
    headquarter_logo: '',
    systemaccess_cache: {},
    is_approval_delegatee: false,
    department: {
      id: department.id,
      branch: locationView(store, locationOf(store, department.locationId)),
      external_id: department.externalId,
      name: department.name,
      active: department.active,
      punchout_email: department.punchoutEmail,
      is_active_for_account_code: department.active,
    },
    created_at: since,
    updated_at: since,
    uuid: `05e40000-0000-4000-8000-${user.id.toString(16).padStart(12, '0')}`,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    position: 'Integration user',
    phone: null,
    address: null,
    notifications: true,
    is_active: true,
    pending_invite: false,
    role: user.role as Exclude<UserProfileMe['role'], undefined>,
    mobile: false,
    profile_image: null,
    slack_user_id: '',
    is_sso_enabled: false,
    last_changed_by: null,
    user: authUserId(user.id),
  };
}
