package engine

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/results"
)

// maxAppName is PostgreSQL's NAMEDATALEN-1, the longest application_name
// the server keeps; Redis client names have no such limit, but one rule for
// both keeps them alike.
const maxAppName = 63

// newRunID returns 8 random hex digits.
func newRunID() string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b[:])
}

// safeID lowers id to [a-z0-9_], so it can be part of a PostgreSQL schema
// name and a Redis key prefix without quoting.
func safeID(id string) string {
	b := []byte(strings.ToLower(id))
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "run"
	}
	return string(b)
}

// namespace is where scenario n (1-based) of run writes: a Redis key
// prefix or a PostgreSQL schema.
func namespace(driver, run string, n int) string {
	if driver == "redis" {
		return fmt.Sprintf("stressql:%s:%d:", safeID(run), n)
	}
	return fmt.Sprintf("stressql_%s_%d", safeID(run), n)
}

// NewRunID returns a fresh run id, as Run makes one when Options.RunID
// is empty: a caller that sets it knows the namespaces before they exist
// (the CLI names them when a second interrupt ends the process).
func NewRunID() string { return newRunID() }

// Namespace is where scenario n (1-based) of run writes on driver: the
// Redis key prefix "stressql:<run>:<n>:" or the PostgreSQL schema
// "stressql_<run>_<n>".
func Namespace(driver, run string, n int) string { return namespace(driver, run, n) }

// What `stressql clean` recognises as left by a run: exactly the names
// namespace and appName make from a run id of newRunID's form (8 lower-case
// hex digits) and a scenario number (1-based, no leading zero). Anything
// else (the tests' stressql_test_..., a user's stressql_abc) never matches.
var (
	schemaPattern    = regexp.MustCompile(`^stressql_([0-9a-f]{8})_[1-9][0-9]*$`)
	keyPrefixPattern = regexp.MustCompile(`^(stressql:([0-9a-f]{8}):[1-9][0-9]*:)`)
	appNamePattern   = regexp.MustCompile(`^stressql:([0-9a-f]{8}):`)
)

// LeftoverKeyGlob is a SCAN MATCH pattern that every key LeftoverKey
// accepts matches; it only narrows the scan, LeftoverKey decides.
const LeftoverKeyGlob = "stressql:[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]:[1-9]*"

// LeftoverSchema returns the run id of a PostgreSQL schema named by
// namespace, ok false for any other schema.
func LeftoverSchema(name string) (run string, ok bool) {
	m := schemaPattern.FindStringSubmatch(name)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// LeftoverKey returns the namespace (key prefix) and run id of a Redis
// key written under a namespace, ok false for any other key.
func LeftoverKey(key string) (prefix, run string, ok bool) {
	m := keyPrefixPattern.FindStringSubmatch(key)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// ConnectedRun returns the run id of a connection named by appName (or
// a driver's monitor name derived from it), ok false for any other name.
func ConnectedRun(name string) (run string, ok bool) {
	m := appNamePattern.FindStringSubmatch(name)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// appName tags scenario n's connections: "stressql:<run>:<n>:<name>",
// printable ASCII without spaces, at most 63 bytes. The prefix alone keeps
// it unique when the name is cut.
func appName(run string, n int, name string) string {
	b := []byte(fmt.Sprintf("stressql:%s:%d:%s", safeID(run), n, name))
	for i, c := range b {
		if c <= ' ' || c > '~' {
			b[i] = '_'
		}
	}
	if len(b) > maxAppName {
		b = b[:maxAppName]
	}
	return string(b)
}

// redactTargets redacts every target.
func redactTargets(targets map[string]string) map[string]string {
	out := make(map[string]string, len(targets))
	for k, v := range targets {
		out[k] = redact.Target(v)
	}
	return out
}

// scrub masks, in a message, every URL and secret key=value pair and the
// secrets of target in every form (raw, percent-encoded, quoted), in case
// an error from a library quoted the connection string or a part of it.
func scrub(msg, target string) string {
	return redact.Text(msg, redact.Secrets(target)...)
}

// redactScenario masks the secrets of every target of the run in the
// texts of a finished scenario that come from drivers, servers or the
// user (errors, check messages and values, fault errors), the one place
// they all pass before any output.
func redactScenario(sr *results.ScenarioRun, targets map[string]string) {
	var secrets []string
	for _, t := range targets {
		secrets = append(secrets, redact.Secrets(t)...)
	}
	for i, e := range sr.Errors {
		sr.Errors[i] = redact.Text(e, secrets...)
	}
	for i := range sr.Checks {
		c := &sr.Checks[i]
		c.Message = redact.Text(c.Message, secrets...)
		for j := range c.Values {
			c.Values[j].MapText(func(s string) string { return redact.Text(s, secrets...) })
		}
	}
	for i := range sr.Faults {
		sr.Faults[i].Error = redact.Text(sr.Faults[i].Error, secrets...)
	}
	redactExamples(sr.Result, secrets)
}

// redactExamples masks the secrets in the example error messages of r and
// of its loads and phases. They were redacted against their own target
// when recorded; this covers the other targets' secrets too.
func redactExamples(r *results.Result, secrets []string) {
	if r == nil {
		return
	}
	for k, ex := range r.ErrorExamples {
		ex.Message = redact.Text(ex.Message, secrets...)
		r.ErrorExamples[k] = ex
	}
	for _, l := range r.Loads {
		redactExamples(l, secrets)
	}
	for _, p := range r.Phases {
		redactExamples(p, secrets)
	}
}

// defaultPorts are the ports a target URL without one means.
var defaultPorts = map[string]string{"postgres": "5432", "redis": "6379"}

// targetAddr returns the host:port a target URL dials, for the fault
// proxy to forward to.
func targetAddr(driver, target string) (string, error) {
	u, err := url.Parse(target)
	if err != nil {
		return "", fmt.Errorf("parse %s target: %s", driver, redact.Error(err, target))
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return "", fmt.Errorf("%s target %s has no host", driver, redact.Target(target))
	}
	if port == "" {
		port = defaultPorts[driver]
	}
	return net.JoinHostPort(host, port), nil
}
