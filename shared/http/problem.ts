/**
 * RFC 9457 problem details: the one error shape every service answers with.
 * @module
 */

/** One invalid field, named by its path in the request (`body.email`, `query.limit`). */
export interface FieldError {
  field: string;
  message: string;
}

/** The problem+json body. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** An error that handlers throw to answer with a problem+json response. */
export class HttpProblem extends Error {
  readonly body: ProblemBody;
  constructor(
    status: number,
    detail?: string,
    options:
      & { title?: string; type?: string; errors?: FieldError[]; headers?: HeadersInit }
      & Record<string, unknown> = {},
  ) {
    super(detail ?? TITLES[status] ?? "Error");
    const { title, type, errors, headers: _headers, ...extensions } = options;
    this.name = "HttpProblem";
    this.headers = options.headers;
    this.body = {
      type: type ?? "about:blank",
      title: title ?? TITLES[status] ?? "Error",
      status,
      ...(detail ? { detail } : {}),
      ...(errors ? { errors } : {}),
      ...extensions,
    };
  }
  readonly headers?: HeadersInit;
  /** The HTTP status. */
  get status(): number {
    return this.body.status;
  }
}

/** Builds a problem+json response. */
export function problemResponse(body: ProblemBody, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/problem+json");
  return new Response(JSON.stringify(body), { status: body.status, headers: h });
}

/** The problem for invalid fields: 422 with one entry per field. */
export function validationProblem(errors: FieldError[], status = 422): HttpProblem {
  const fields = [...new Set(errors.map((e) => `"${e.field}"`))].join(", ");
  return new HttpProblem(status, `Invalid value for ${fields}`, {
    title: "Invalid request",
    errors,
  });
}
