package testenv

import (
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	tests := []struct {
		name      string
		driver    string
		value, ci string
		want      string // the URL returned, when it is
		fatal     []string
		skip      []string
	}{
		{"set", "postgres", "postgres://u@127.0.0.1:5432/db", "", "postgres://u@127.0.0.1:5432/db", nil, nil},
		{"set under CI", "redis", "redis://127.0.0.1:6379/0", "true", "redis://127.0.0.1:6379/0", nil, nil},
		{"unset skips", "redis", "", "", "", nil,
			[]string{"STRESSQL_TEST_REDIS_URL is not set", "scripts/test.sh"}},
		{"unset fails under CI", "postgres", "", "true", "", []string{"STRESSQL_TEST_POSTGRES_URL is not set", "scripts/test.sh", "CI=true"}, nil},
		{"CI other than true skips", "postgres", "", "1", "", nil, []string{"STRESSQL_TEST_POSTGRES_URL"}},
		{"unknown driver", "mysql", "", "true", "", []string{`unknown driver "mysql"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			if tt.driver != "mysql" {
				t.Setenv(EnvVar(tt.driver), tt.value)
			}
			var got string
			r := call(func(tb testing.TB) { got = URL(tb, tt.driver) })
			if got != tt.want {
				t.Errorf("URL = %q, want %q", got, tt.want)
			}
			for _, c := range []struct {
				what, msg string
				want      []string
			}{{"Fatal", r.fatal, tt.fatal}, {"Skip", r.skip, tt.skip}} {
				if (c.msg != "") != (c.want != nil) {
					t.Errorf("%s message %q, want one: %v", c.what, c.msg, c.want != nil)
				}
				for _, w := range c.want {
					if !strings.Contains(c.msg, w) {
						t.Errorf("%s message %q lacks %q", c.what, c.msg, w)
					}
				}
			}
		})
	}
}

func TestTargets(t *testing.T) {
	t.Setenv("CI", "true")
	t.Setenv(EnvVar("postgres"), "postgres://a")
	t.Setenv(EnvVar("redis"), "")
	var got map[string]string
	r := call(func(tb testing.TB) { got = Targets(tb, "postgres") })
	if r.fatal != "" || len(got) != 1 || got["postgres"] != "postgres://a" {
		t.Fatalf("Targets(postgres) = %v (fatal %q)", got, r.fatal)
	}
	if r := call(func(tb testing.TB) { Targets(tb, "postgres", "redis") }); !strings.Contains(r.fatal, "STRESSQL_TEST_REDIS_URL") {
		t.Fatalf("Targets without a redis server under CI: fatal %q", r.fatal)
	}
}

func TestServerAddr(t *testing.T) {
	tests := []struct {
		driver, url, want string
	}{
		{"postgres", "postgres://u:p@127.0.0.1:5433/db?sslmode=disable", "127.0.0.1:5433"},
		{"postgres", "postgres://u:p@localhost/db", "localhost:5432"},
		{"redis", "redis://127.0.0.1:6380/0", "127.0.0.1:6380"},
		{"redis", "redis://:pw@[::1]/0", "[::1]:6379"},
		{"postgres", "host=127.0.0.1 user=u", ""}, // not a URL: fails
	}
	for _, tt := range tests {
		t.Setenv(EnvVar(tt.driver), tt.url)
		var got string
		r := call(func(tb testing.TB) { got = ServerAddr(tb, tt.driver) })
		if got != tt.want || (tt.want == "") != (r.fatal != "") {
			t.Errorf("ServerAddr(%s) with %q = %q (fatal %q), want %q", tt.driver, tt.url, got, r.fatal, tt.want)
		}
	}
}

func TestEnv(t *testing.T) {
	tests := []struct {
		driver          string
		prefix, hasNot  string
		namespaceSuffix string
	}{
		{"postgres", "stressql_test_", ":", ""},
		{"redis", "stressql:test", "_", ":"},
	}
	for _, tt := range tests {
		t.Setenv(EnvVar(tt.driver), tt.driver+"://127.0.0.1")
		a, b := Env(t, tt.driver), Env(t, tt.driver)
		if a.URL != tt.driver+"://127.0.0.1" || a.DialAddr != "" || a.Host != "" {
			t.Errorf("Env(%s) = %+v", tt.driver, a)
		}
		if a.AppName == b.AppName || a.Namespace == b.Namespace || !strings.HasPrefix(a.AppName, "stressql-test-") {
			t.Errorf("Env(%s) twice: names %q %q, namespaces %q %q: want distinct stressql-test- names",
				tt.driver, a.AppName, b.AppName, a.Namespace, b.Namespace)
		}
		ns := a.Namespace
		if !strings.HasPrefix(ns, tt.prefix) || strings.Contains(ns, tt.hasNot) || !strings.HasSuffix(ns, tt.namespaceSuffix) {
			t.Errorf("Env(%s).Namespace = %q: want a %s namespace (prefix %q)", tt.driver, ns, tt.driver, tt.prefix)
		}
	}
}
