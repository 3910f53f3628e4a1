package engine

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
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
			c.Values[j].Value = redact.Text(c.Values[j].Value, secrets...)
		}
	}
	for i := range sr.Faults {
		sr.Faults[i].Error = redact.Text(sr.Faults[i].Error, secrets...)
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
