package main

import (
	"strings"
	"testing"
)

func TestParseRedisBenchCSV(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		in      string
		want    []redisBenchLine
		wantErr string
	}{
		{
			// Redis 7: a header, then every latency column.
			name: "redis 7 with header",
			in: `"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
"PING_MBULK","103626.94","0.250","0.072","0.247","0.295","0.415","0.751"
"SET","99502.48","0.260","0.072","0.255","0.335","0.431","0.815"
`,
			want: []redisBenchLine{
				{Test: "PING_MBULK", RPS: 103626.94, Avg: 0.250, Min: 0.072, P50: 0.247, P95: 0.295, P99: 0.415, Max: 0.751},
				{Test: "SET", RPS: 99502.48, Avg: 0.260, Min: 0.072, P50: 0.255, P95: 0.335, P99: 0.431, Max: 0.815},
			},
		},
		{
			// Redis 5 and 6: no header, rps only.
			name: "old format",
			in:   "\"PING_INLINE\",\"90909.09\"\n\"PING_BULK\",\"95238.10\"\n",
			want: []redisBenchLine{{Test: "PING_INLINE", RPS: 90909.09}, {Test: "PING_BULK", RPS: 95238.10}},
		},
		{
			// A progress line left by a tty run is not CSV.
			name:    "not a number",
			in:      "\"SET\",\"rps=0.0\"\n",
			wantErr: `field 2 "rps=0.0": not a number`,
		},
		{name: "header only", in: "\"test\",\"rps\"\n", wantErr: "no result lines"},
		{name: "empty", in: "", wantErr: "no result lines"},
		{name: "no rps", in: "\"SET\"\n", wantErr: "has no rps"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseRedisBenchCSV(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d lines, want %d: %+v", len(got), len(tc.want), got)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("line %d: got %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// pgbench15 is the output of a real pgbench 15 run.
const pgbench15 = `pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: /tmp/s1.sql
scaling factor: 1
query mode: simple
number of clients: 20
number of threads: 2
maximum number of tries: 1
duration: 2 s
number of transactions actually processed: 202462
number of failed transactions: 0 (0.000%)
latency average = 0.191 ms
initial connection time = 67.719 ms
tps = 104649.858554 (without initial connection time)
`

func TestParsePgbench(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		in      string
		want    pgbenchResult
		wantErr string
	}{
		{name: "pgbench 15", in: pgbench15,
			want: pgbenchResult{TPS: 104649.858554, LatencyAvgMs: 0.191, Processed: 202462}},
		{
			// Failures (pgbench 15 retries serialization errors) and a
			// transaction-count run (N/M processed).
			name: "failures and -t",
			in: "number of transactions actually processed: 9990/10000\n" +
				"number of failed transactions: 10 (0.100%)\n" +
				"latency average = 1.5 ms\n" +
				"tps = 6543.2 (without initial connection time)\n",
			want: pgbenchResult{TPS: 6543.2, LatencyAvgMs: 1.5, Processed: 9990, Failed: 10},
		},
		{
			// pgbench 13 and earlier print two tps lines; the last wins.
			name: "old tps lines",
			in: "number of transactions actually processed: 100\n" +
				"tps = 99.5 (including connections establishing)\n" +
				"tps = 101.25 (excluding connections establishing)\n",
			want: pgbenchResult{TPS: 101.25, Processed: 100},
		},
		{name: "connection failure", in: "pgbench: error: connection to server failed\n", wantErr: "no tps"},
		{name: "garbled tps", in: "number of transactions actually processed: 1\ntps = fast\n", wantErr: `not a number: "fast"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := parsePgbench([]byte(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestConnectionArgs(t *testing.T) {
	t.Parallel()
	pg, err := pgbenchConnOf("postgres://u:s3cret@db.local:6543/app?sslmode=require")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(pg.args, " "), "-h db.local -p 6543 -U u app"; got != want {
		t.Errorf("pgbench args %q, want %q", got, want)
	}
	if got, want := strings.Join(pg.env, " "), "PGPASSWORD=s3cret PGSSLMODE=require"; got != want {
		t.Errorf("pgbench env %q, want %q", got, want)
	}
	if strings.Contains(strings.Join(pg.args, " "), "s3cret") {
		t.Error("password on pgbench's command line")
	}
	pg, err = pgbenchConnOf(defaultPostgresURL)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(pg.env, " "), "PGPASSWORD=stressql PGSSLMODE=disable"; got != want {
		t.Errorf("default env %q, want %q (stressql's tls default is disable)", got, want)
	}

	for _, tc := range []struct{ url, want string }{
		{"redis://127.0.0.1:6379/0", "-h 127.0.0.1 -p 6379"},
		{"redis://localhost/3", "-h localhost -p 6379 --dbnum 3"},
		{"redis://me:pw@10.0.0.1:7000/1", "-h 10.0.0.1 -p 7000 --dbnum 1 --user me -a pw"},
	} {
		args, err := redisBenchConn(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(args, " "); got != tc.want {
			t.Errorf("%s: redis-benchmark args %q, want %q", tc.url, got, tc.want)
		}
	}
	if _, err := redisBenchConn("http://x"); err == nil || strings.Contains(err.Error(), "pw") {
		t.Errorf("bad redis URL: error %v", err)
	}
	// An unencoded password that net/url rejects: the message names the
	// target with the password masked.
	for _, raw := range []string{"postgres://u:s3c@r/e%t@h/db", "redis://:s3c@r/e%t@h:6379"} {
		var err error
		if raw[0] == 'p' {
			_, err = pgbenchConnOf(raw)
		} else {
			_, err = redisBenchConn(raw)
		}
		if err == nil || strings.Contains(err.Error(), "e%t") || !strings.Contains(err.Error(), "xxxxx@h") {
			t.Errorf("%s: error %v, want the target with its password masked", raw, err)
		}
	}
}

func TestStealPct(t *testing.T) {
	a := parseCPUTimes([]byte("cpu  13580 0 4636 31785 699 0 121 154 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"))
	b := parseCPUTimes([]byte("cpu  13680 0 4736 31885 699 0 121 254 7 0\n"))
	if !a.ok || a.total != 13580+4636+31785+699+121+154 || a.steal != 154 {
		t.Fatalf("parse: %+v", a)
	}
	if pct, ok := stealPct(a, b); !ok || pct != 25 {
		t.Errorf("steal %v %v, want 25 %% (100 of 400 ticks)", pct, ok)
	}
	for _, bad := range []string{"", "cpu 1 2 3", "intr 1 2 3 4 5 6 7 8 9", "cpu 1 2 3 4 5 6 7 x 0 0"} {
		if c := parseCPUTimes([]byte(bad)); c.ok {
			t.Errorf("%q parsed as %+v", bad, c)
		}
	}
	if _, ok := stealPct(b, a); ok {
		t.Error("time going backwards gave a share")
	}
	if _, ok := stealPct(a, a); ok {
		t.Error("no time passing gave a share")
	}
}
