package postgres

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/testenv"
)

// sslInUse reports, for each of the pool's server connections, whether it
// uses TLS.
func sslInUse(t testing.TB, p *pool) []bool {
	t.Helper()
	rows, err := rawConn(t).Query(context.Background(), `select s.ssl from pg_stat_ssl s
		join pg_stat_activity a using (pid) where a.application_name = $1`, p.app)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []bool
	for rows.Next() {
		var b bool
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestTLS(t *testing.T) {
	tests := []struct {
		mode    string
		viaDial bool
		wantSSL bool
	}{
		{"disable", false, false},
		{"require", false, true},
		{"prefer", false, true},
		{"require", true, true}, // through the fault proxy
		{"disable", true, false},
	}
	for _, tt := range tests {
		name := tt.mode
		if tt.viaDial {
			name += " via DialAddr"
		}
		t.Run(name, func(t *testing.T) {
			cfg := testConfig()
			cfg.MinConns = 1
			cfg.TLS = tt.mode
			env := testEnv(t)
			var fw *testenv.Forwarder
			if tt.viaDial {
				fw = testenv.NewForwarder(t, testenv.ServerAddr(t, "postgres"))
				env.DialAddr = fw.Addr()
			}
			p := openPool(t, cfg, env)
			if err := testenv.Prepare(t, p, drivers.Step{Kind: KindPing}).Do(context.Background(), &drivers.WorkerState{}); err != nil {
				t.Fatal(err)
			}
			got := sslInUse(t, p)
			if len(got) != 1 || got[0] != tt.wantSSL {
				t.Fatalf("ssl of the pool's connections = %v, want [%v]", got, tt.wantSSL)
			}
			if fw != nil && fw.Accepted() == 0 {
				t.Fatal("the pool did not dial DialAddr")
			}
		})
	}
}

func TestDisabledPool(t *testing.T) {
	cfg := testConfig()
	cfg.Enabled = false
	p := openPool(t, cfg, testEnv(t))
	ctx := context.Background()
	ping := testenv.Prepare(t, p, drivers.Step{Kind: KindPing})
	for i := range 3 {
		it := &drivers.WorkerState{}
		if err := ping.Do(ctx, it); err != nil {
			t.Fatalf("ping %d: %v", i, err)
		}
		if it.Acquire <= 0 {
			t.Fatalf("Acquire = %s, want the connect time", it.Acquire)
		}
	}
	if s := p.Stats(); s.NewConns != 3 || s.TotalConns != 0 {
		t.Fatalf("Stats = %+v, want 3 new connections, none open", s)
	}
	waitConns(t, p, 0) // each iteration closed its connection

	hold := testenv.Prepare(t, p, drivers.Step{Kind: KindHold, Duration: 500 * time.Millisecond})
	done := make(chan error, 1)
	go func() { done <- hold.Do(ctx, &drivers.WorkerState{}) }()
	waitConns(t, p, 1)
	if s := p.Stats(); s.TotalConns != 1 || s.InUseConns != 1 {
		t.Fatalf("Stats during hold = %+v, want 1 open, 1 in use", s)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	waitConns(t, p, 0)
}

func TestUnreachable(t *testing.T) {
	testenv.Unreachable(t, "postgres", func(t *testing.T, enabled bool, env drivers.Env) error {
		cfg := testConfig()
		cfg.Enabled = enabled
		cfg.MinConns = 2 // Open must still succeed
		p := openPool(t, cfg, env)
		return testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "select 1"}).Do(context.Background(), &drivers.WorkerState{})
	})
}

func TestOpenRejectsInvalidConfig(t *testing.T) {
	const secret = "s3cr3t-pw"
	valid := testConfig()
	tests := []struct {
		name string
		cfg  func(Config) Config
		url  string
		want string
	}{
		{"bad port", nil, "postgres://u:" + secret + "@127.0.0.1:notaport/db", "postgres"},
		{"bad keyword", nil, "host=127.0.0.1 password=" + secret + " nonsense", "postgres"},
		{"max_conns 0", func(c Config) Config { c.MaxConns = 0; return c }, "postgres://u:" + secret + "@127.0.0.1/db", "max_conns"},
		{"min over max", func(c Config) Config { c.MinConns = 11; return c }, "postgres://u:" + secret + "@127.0.0.1/db", "min_conns"},
		{"tls mode", func(c Config) Config { c.TLS = "always"; return c }, "postgres://u:" + secret + "@127.0.0.1/db", "tls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			if tt.cfg != nil {
				cfg = tt.cfg(cfg)
			}
			p, err := Open(context.Background(), cfg, drivers.Env{URL: tt.url, AppName: "x"})
			testenv.RejectedOpen(t, p, err, secret, tt.want)
		})
	}
}

func TestWrongPasswordIsNotShown(t *testing.T) {
	u, err := url.Parse(testenv.URL(t, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	const secret = "wr0ng-pw-xyz"
	u.User = url.UserPassword(u.User.Username(), secret)
	env := testEnv(t)
	env.URL = u.String()
	env.Namespace = "" // nothing to clean up: the server refuses us
	p := openPool(t, testConfig(), env)
	err = testenv.Prepare(t, p, drivers.Step{Kind: KindPing}).Do(context.Background(), &drivers.WorkerState{})
	if err == nil {
		t.Fatal("ping with a wrong password succeeded")
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatalf("error shows the password: %v", err)
	}
}

func TestNames(t *testing.T) {
	long := strings.Repeat("a", 80)
	tests := []struct {
		in, app, monitor string
	}{
		{"stressql-run1-pool_max", "stressql-run1-pool_max", "stressql-run1-pool_max#monitor"},
		{"with space\tand é", "with space_and __", "with space_and __#monitor"},
		{long, long[:63], long[:55] + "#monitor"},
		{"", "", "stressql#monitor"},
	}
	for _, tt := range tests {
		app := appName(tt.in)
		if app != tt.app {
			t.Errorf("appName(%q) = %q, want %q", tt.in, app, tt.app)
		}
		if m := monitorName(app); m != tt.monitor || (app != "" && m == app) || len(m) > 63 {
			t.Errorf("monitorName(%q) = %q, want %q", app, m, tt.monitor)
		}
	}
}

func TestWithSSLMode(t *testing.T) {
	tests := []struct {
		in, mode, want string
	}{
		{"postgres://u:p@h:5432/db", "require", "postgres://u:p@h:5432/db?sslmode=require"},
		{"postgres://u:p@h/db?sslmode=require&x=1", "disable", "postgres://u:p@h/db?sslmode=disable&x=1"},
		{"host=h user=u", "prefer", "host=h user=u sslmode=prefer"},
		{"postgres://h/db", "", "postgres://h/db"},
	}
	for _, tt := range tests {
		got, err := withSSLMode(tt.in, tt.mode)
		if err != nil || got != tt.want {
			t.Errorf("withSSLMode(%q, %q) = %q, %v; want %q", tt.in, tt.mode, got, err, tt.want)
		}
	}
}
