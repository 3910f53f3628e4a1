package testenv

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stressql/stressql/drivers"
)

// knownDrivers are the drivers that have a test server.
var knownDrivers = []string{"postgres", "redis"}

// InCI reports whether the tests run under CI=true, where nothing they
// need may be missing.
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing ends the test because something it needs is not there: it
// skips, except under CI=true, where it fails.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("%s (CI=true: integration tests must run)", msg)
	}
	t.Skip(msg)
}

// EnvVar is the environment variable naming the test server of driver,
// e.g. STRESSQL_TEST_POSTGRES_URL.
func EnvVar(driver string) string {
	return "STRESSQL_TEST_" + strings.ToUpper(driver) + "_URL"
}

// URL returns the URL of the test server of driver ("postgres" or
// "redis"). When it is not set the test skips, except under CI=true,
// where a missing server fails the test.
func URL(t testing.TB, driver string) string {
	t.Helper()
	if !slices.Contains(knownDrivers, driver) {
		t.Fatalf("testenv.URL: unknown driver %q (want one of %v)", driver, knownDrivers)
	}
	v := EnvVar(driver)
	u := os.Getenv(v)
	if u == "" {
		Missing(t, "%s is not set (scripts/test.sh sets it and starts the servers)", v)
	}
	return u
}

// Targets returns the test server URL of each driver, keyed by driver,
// as URL does for one.
func Targets(t testing.TB, names ...string) map[string]string {
	t.Helper()
	out := make(map[string]string, len(names))
	for _, d := range names {
		out[d] = URL(t, d)
	}
	return out
}

// defaultPorts are the ports a server URL without one means.
var defaultPorts = map[string]string{"postgres": "5432", "redis": "6379"}

// ServerAddr returns host:port of the test server of driver, read from
// its URL (postgres://... or redis://...), as URL does.
func ServerAddr(t testing.TB, driver string) string {
	t.Helper()
	u, err := url.Parse(URL(t, driver))
	if err != nil {
		t.Fatalf("%s: %v", EnvVar(driver), err)
	}
	if u.Host == "" {
		t.Fatalf("%s has no host: want a URL such as %s://127.0.0.1:%s/...", EnvVar(driver), driver, defaultPorts[driver])
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), defaultPorts[driver])
	}
	return u.Host
}

var seq atomic.Int64

// Env returns an Env for the test server of driver, with an application
// name and a namespace unique to this process and call.
func Env(t testing.TB, driver string) drivers.Env {
	t.Helper()
	env := drivers.Env{URL: URL(t, driver)}
	n, pid := seq.Add(1), os.Getpid()
	env.AppName = fmt.Sprintf("stressql-test-%d-%d", pid, n)
	switch driver {
	case "postgres":
		env.Namespace = fmt.Sprintf("stressql_test_%d_%d", pid, n) // a schema
	case "redis":
		env.Namespace = fmt.Sprintf("stressql:test%d:%d:", pid, n) // a key prefix
	}
	return env
}
