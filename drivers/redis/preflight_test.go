package redis

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/testenv"
)

// TestPreflight runs the probe against the real server as users that can
// and cannot do what a run needs.
func TestPreflight(t *testing.T) {
	env := testEnv(t)
	const pw = "pf@:/%!pw"
	all := testenv.TempRedisUser(t, pw)
	noSet := testenv.TempRedisUser(t, pw, "~*", "&*", "+@all", "-set")
	otherKeys := testenv.TempRedisUser(t, pw, "~other:*", "&*", "+@all")
	noCommand := testenv.TempRedisUser(t, pw, "~*", "&*", "+@all", "-command")
	noConfig := testenv.TempRedisUser(t, pw, "~*", "&*", "+@all", "-config")
	small := testenv.StartRedis(t, "maxclients", "3")
	blpop := [][]string{{"BLPOP", "q", "1"}}

	tests := []struct {
		name     string
		url      string
		commands [][]string
		kind     string // the problem's kind; "" none
		contains []string
		limit    string // a Limits entry containing this; "-" none at all
	}{
		{name: "healthy", url: env.URL, commands: blpop, limit: "maxclients"},
		{name: "ACL user with every permission", url: testenv.RedisUserURL(t, all, pw), commands: blpop, limit: "maxclients"},
		{name: "wrong password", url: testenv.RedisUserURL(t, all, "wrong"), kind: "auth",
			contains: []string{`rejected the login of user "` + all + `"`, "WRONGPASS"}},
		{name: "password for a server without one", url: "redis://:secretpw@" + strings.TrimPrefix(env.URL, "redis://"), kind: "auth",
			contains: []string{`rejected the login of user "default"`}},
		{name: "user without +set", url: testenv.RedisUserURL(t, noSet, pw), kind: "permission",
			contains: []string{`user "` + noSet + `" may not run SET ` + env.Namespace + "preflight", "NOPERM", "ACL SETUSER " + noSet}},
		{name: "user without the namespace's keys", url: testenv.RedisUserURL(t, otherKeys, pw), kind: "permission",
			contains: []string{"may not run SET", "NOPERM", "~stressql:*"}},
		{name: "user without COMMAND, with command steps", url: testenv.RedisUserURL(t, noCommand, pw), commands: blpop,
			kind: "permission", contains: []string{"may not run COMMAND INFO blpop"}},
		{name: "user without COMMAND, no command steps", url: testenv.RedisUserURL(t, noCommand, pw)},
		{name: "user without CONFIG: no limit, no warning", url: testenv.RedisUserURL(t, noConfig, pw), limit: "-"},
		{name: "dead address", url: "redis://:secretpw@" + testenv.DeadAddr(t) + "/0", kind: "unreachable",
			contains: []string{"nothing answers at 127.0.0.1:", "connection refused"}},
		{name: "small maxclients", url: small, limit: "maxclients 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			res := Preflight(context.Background(), drivers.PreflightRequest{
				Env:      drivers.Env{URL: tt.url, AppName: "stressql:pftest:0:preflight", Namespace: env.Namespace},
				Commands: tt.commands,
			})
			if d := time.Since(start); d > PreflightTimeout+2*time.Second {
				t.Errorf("Preflight took %s", d)
			}
			for _, f := range append(res.Problems, res.Warnings...) {
				if strings.Contains(f.Message+f.Hint, pw) || strings.Contains(f.Message+f.Hint, "secretpw") {
					t.Errorf("the password appears in %+v", f)
				}
			}
			switch {
			case tt.kind == "" && len(res.Problems) > 0:
				t.Fatalf("problems %+v, want none", res.Problems)
			case tt.kind != "" && (len(res.Problems) != 1 || res.Problems[0].Kind != tt.kind):
				t.Fatalf("problems %+v, want one of kind %s", res.Problems, tt.kind)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings %+v, want none (the orchestrator makes them)", res.Warnings)
			}
			if tt.kind != "" {
				text := res.Problems[0].Message + " " + res.Problems[0].Hint
				for _, want := range tt.contains {
					if !strings.Contains(text, want) {
						t.Errorf("%q lacks %q", text, want)
					}
				}
			}
			switch tt.limit {
			case "":
			case "-":
				if len(res.Limits) > 0 {
					t.Errorf("limits %+v, want none", res.Limits)
				}
			default:
				if len(res.Limits) != 1 || !strings.Contains(res.Limits[0].What, tt.limit) || res.Limits[0].InUse < 0 {
					t.Errorf("limits %+v, want one %q", res.Limits, tt.limit)
				}
			}
			// The probe key is gone (DEL), whatever the user could do.
			c := rawClient(t)
			if n, err := c.Exists(context.Background(), env.Namespace+"preflight").Result(); err != nil || n != 0 {
				t.Errorf("the probe key is left behind (%d, %v)", n, err)
			}
		})
	}
}
