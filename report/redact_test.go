package report

import "testing"

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"postgres://stressql:secret@127.0.0.1:5432/stressql",
			"postgres://stressql:xxxxx@127.0.0.1:5432/stressql"},
		{"postgres://stressql:secret@127.0.0.1:5432/stressql?sslmode=disable",
			"postgres://stressql:xxxxx@127.0.0.1:5432/stressql?sslmode=disable"},
		{"redis://:secret@127.0.0.1:6379/0", "redis://:xxxxx@127.0.0.1:6379/0"},
		{"redis://default:s%40cret@127.0.0.1:6379/0", "redis://default:xxxxx@127.0.0.1:6379/0"},
		{"rediss://user:secret@cache.example:6380", "rediss://user:xxxxx@cache.example:6380"},
		// No password: unchanged, byte for byte.
		{"redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"},
		{"postgres://stressql@127.0.0.1/db?application_name=a%20b", "postgres://stressql@127.0.0.1/db?application_name=a%20b"},
		// Password in the query.
		{"postgres://u@h/db?password=secret&sslmode=disable", "postgres://u@h/db?password=xxxxx&sslmode=disable"},
		// Not parseable as a URL: a '/' in the password.
		{"redis://:se/cret@127.0.0.1:6379", "redis://:xxxxx@127.0.0.1:6379"},
		// Key/value connection strings.
		{"host=127.0.0.1 user=stressql password=secret dbname=x", "host=127.0.0.1 user=stressql password=xxxxx dbname=x"},
		{"host=h password='se cret' dbname=x", "host=h password=xxxxx dbname=x"},
		{"", ""},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRedactText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`connect postgres://u:secret@127.0.0.1:5432/db: refused`, `connect postgres://u:xxxxx@127.0.0.1:5432/db: refused`},
		{`dial redis://:p@ss@h:6379 failed`, `dial redis://:xxxxx@h:6379 failed`},
		{`failed: password=hunter2 host=x`, `failed: password=xxxxx host=x`},
		{`no secrets here: 12:30 a@b`, `no secrets here: 12:30 a@b`},
	} {
		if got := redactText(tc.in); got != tc.want {
			t.Errorf("redactText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
