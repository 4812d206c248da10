/**
 * A request the simulated Fusion pod refuses. ADF answers validation failures with a status and a
 * plain-text message by default (see the Oracle notes §7), so that is what the error handler sends.
 */
export class OracleRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'OracleRequestError';
    this.status = status;
  }
}

// Every message Oracle-facing validation produces is built here, so its wording is easy to change.

export function badRequest(message: string): OracleRequestError {
  return new OracleRequestError(400, message);
}

/** An attribute whose value is not among the master data (or not usable): names the attribute and value. */
export function invalidValue(attribute: string, value: unknown, reason?: string): OracleRequestError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return badRequest(
    `The value '${shown}' of the attribute ${attribute} is not valid.${reason ? ` ${reason}` : ''}`,
  );
}

export function requiredAttribute(attribute: string, where?: string): OracleRequestError {
  return badRequest(`The attribute ${attribute} is required${where ? ` for ${where}` : ''}.`);
}

export function readOnlyAttribute(attribute: string, resource: string): OracleRequestError {
  return badRequest(`The attribute ${attribute} of ${resource} cannot be updated.`);
}

export function notFound(resource: string, key: string): OracleRequestError {
  return new OracleRequestError(404, `The resource ${resource} with key ${key} was not found.`);
}
