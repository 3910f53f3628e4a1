package engine

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strings"
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

// redactURL replaces the password of a URL with "xxxxx".
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// redactTargets redacts every URL of targets.
func redactTargets(targets map[string]string) map[string]string {
	out := make(map[string]string, len(targets))
	for k, v := range targets {
		out[k] = redactURL(v)
	}
	return out
}

// scrub removes the password of target from a message, in case an error
// from a library quoted the URL (whole or as user:password@). A bare
// password is left alone: it may well be a word of the message.
func scrub(msg, target string) string {
	msg = strings.ReplaceAll(msg, target, redactURL(target))
	u, err := url.Parse(target)
	if err != nil {
		return msg
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		for _, form := range []string{pw, url.PathEscape(pw), url.QueryEscape(pw)} {
			msg = strings.ReplaceAll(msg, ":"+form+"@", ":xxxxx@")
		}
	}
	return msg
}

// defaultPorts are the ports a target URL without one means.
var defaultPorts = map[string]string{"postgres": "5432", "redis": "6379"}

// targetAddr returns the host:port a target URL dials, for the fault
// proxy to forward to.
func targetAddr(driver, target string) (string, error) {
	u, err := url.Parse(target)
	if err != nil {
		return "", fmt.Errorf("parse %s target: %s", driver, scrub(err.Error(), target))
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return "", fmt.Errorf("%s target %s has no host", driver, redactURL(target))
	}
	if port == "" {
		port = defaultPorts[driver]
	}
	return net.JoinHostPort(host, port), nil
}
