// Package redact removes secrets from every text stressql writes: the
// targets of a run in the console header, the JSON and JUnit reports and
// `plan`, and the error messages of the drivers, which often quote the
// connection string or a part of it.
//
// One mask, [Mask] ("xxxxx"), replaces every secret. Three entry points:
//
//   - [Target] redacts a connection string as the user gave it: a URL
//     (its userinfo password, encoded or not, its secret query parameters
//     and its fragment), a libpq keyword/value string, or anything else.
//   - [Secrets] lists the secret values of a target, so that a caller can
//     register them once and mask them wherever they appear later.
//   - [Text] redacts free text: every URL and secret key=value pair in it,
//     and every known secret value in any of the forms a library may print
//     (raw, percent-encoded, query-escaped, quoted).
//
// Parsing is defensive and never fails: a URL that net/url rejects (an
// unencoded password with '@', '/', '%', '?' or '#') is split by hand, and
// when the userinfo cannot be told apart, everything between "://" and the
// last '@' is masked. The package depends on the standard library only, so
// drivers, engine, report, cmd and bench can all import it.
package redact
