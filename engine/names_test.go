package engine

import (
	"strings"
	"testing"

	"github.com/stressql/stressql/drivers"
)

func TestNames(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("very long scenario name ", 5)
	for _, tc := range []struct {
		name, got, want string
	}{
		{"redis namespace", namespace(drivers.NamespaceKeyPrefix, "Ab-12", 3), "stressql:ab_12:3:"},
		{"postgres namespace", namespace(drivers.NamespaceSchema, "ab12", 3), "stressql_ab12_3"},
		{"app name", appName("ab12", 7, "pool max[x y]"), "stressql:ab12:7:pool_max[x_y]"},
		{"app name cut at 63 bytes", appName("ab12", 7, long), ("stressql:ab12:7:" + strings.ReplaceAll(long, " ", "_"))[:63]},
		{"non-ASCII replaced", appName("r", 1, "café"), "stressql:r:1:caf__"},
		{"empty run id", safeID(""), "run"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestRedaction(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, got, want string
	}{
		{"postgres", redactTargets(map[string]string{"t": "postgres://stressql:s3cret@127.0.0.1:5432/stressql"})["t"], "postgres://stressql:xxxxx@127.0.0.1:5432/stressql"},
		{"redis password only", redactTargets(map[string]string{"t": "redis://:s3cret@127.0.0.1:6379/0"})["t"], "redis://:xxxxx@127.0.0.1:6379/0"},
		{"no password", redactTargets(map[string]string{"t": "redis://127.0.0.1:6379/0"})["t"], "redis://127.0.0.1:6379/0"},
		{"scrub a quoted URL", scrub(`dial "postgres://u:s3cret@h:1/d": refused`, "postgres://u:s3cret@h:1/d"), `dial "postgres://u:xxxxx@h:1/d": refused`},
		{"scrub user:password@", scrub("connect u:s3cret@h failed", "postgres://u:s3cret@h:1/d"), "connect u:xxxxx@h failed"},
		{"scrub an unencoded password", scrub(`parse "postgres://u:p@ss/w%rd@h/d": invalid`, "postgres://u:p@ss/w%rd@h/d"), `parse "postgres://u:xxxxx@h/d": invalid`},
		{"scrub a query password", scrub("dial postgres://u@h/d?password=p%40ss: p@ss refused", "postgres://u@h/d?password=p%40ss"), "dial postgres://u@h/d?password=xxxxx: xxxxx refused"},
		{"scrub leaves words alone", scrub("schema stressql_1 created", "postgres://stressql:stressql@h/d"), "schema stressql_1 created"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestTargetAddr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		driver, url, want string
		wantErr           bool
	}{
		{"postgres", "postgres://u:p@127.0.0.1:5433/db", "127.0.0.1:5433", false},
		{"postgres", "postgres://u:p@localhost/db", "localhost:5432", false},
		{"redis", "redis://127.0.0.1/0", "127.0.0.1:6379", false},
		{"redis", "redis://[::1]:7000/0", "[::1]:7000", false},
		{"postgres", "host=127.0.0.1 port=5432", "", true},
	} {
		got, err := targetAddr(desc(tc.driver), tc.url)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("targetAddr(%q) = %q, %v; want %q, error %v", tc.url, got, err, tc.want, tc.wantErr)
		}
	}
}
