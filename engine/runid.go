package engine

// This file: run ids, and the names a run gives what it writes
// (namespaces) and its connections (application names), with the patterns
// `stressql clean` recognises them by. Addresses are in addr.go, the
// redaction of a run's texts in redaction.go.

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/stressql/stressql/drivers"
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

// namespace is where scenario n (1-based) of run writes on a driver that
// names namespaces so: a key prefix or a schema.
func namespace(kind drivers.NamespaceKind, run string, n int) string {
	if kind == drivers.NamespaceKeyPrefix {
		return fmt.Sprintf("stressql:%s:%d:", safeID(run), n)
	}
	return fmt.Sprintf("stressql_%s_%d", safeID(run), n)
}

// NewRunID returns a fresh run id, as Run makes one when Options.RunID
// is empty: a caller that sets it knows the namespaces before they exist
// (the CLI names them when a second interrupt ends the process).
func NewRunID() string { return newRunID() }

// Namespace is where scenario n (1-based) of run writes on the driver d:
// the key prefix "stressql:<run>:<n>:" (Redis) or the schema
// "stressql_<run>_<n>" (PostgreSQL), as d.Namespace says.
func Namespace(d *drivers.Descriptor, run string, n int) string {
	return namespace(d.Namespace, run, n)
}

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
