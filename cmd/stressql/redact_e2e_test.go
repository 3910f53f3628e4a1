package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stressql/stressql/internal/testenv"
)

// TestRunNeverPrintsThePassword runs the smoke scenarios against a real
// PostgreSQL role and a real Redis ACL user whose password holds every
// character that breaks naive redaction, with the target given in every
// form (URL with percent-encoded userinfo, password as a query parameter,
// keyword/value string, unencoded password, and a wrong password in each),
// and checks that no form of the password, nor any piece of it, appears on
// stdout, stderr, or in the JSON and JUnit files.
func TestRunNeverPrintsThePassword(t *testing.T) {
	servers(t)
	const pw = "Zq7@:/%!#?&=Kv9"
	const wrong = "Wr4@:/%!#?&=Ng8"
	role := testenv.TempRole(t, testenv.RoleOptions{Password: pw, CanCreate: true})
	user := testenv.TempRedisUser(t, pw)

	pgURL, err := url.Parse(testenv.URL(t, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	rdURL, err := url.Parse(testenv.URL(t, "redis"))
	if err != nil {
		t.Fatal(err)
	}
	pgHost, pgPort, db := pgURL.Hostname(), pgURL.Port(), strings.TrimPrefix(pgURL.Path, "/")
	if pgPort == "" {
		pgPort = "5432"
	}
	rdHost := rdURL.Host

	forms := func(p string) []struct{ name, pg, rd string } {
		enc := url.UserPassword(role, p).String()
		encRd := url.UserPassword(user, p).String()
		kvQuoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(p)
		return []struct{ name, pg, rd string }{
			{"encoded userinfo",
				"postgres://" + enc + "@" + pgHost + ":" + pgPort + "/" + db,
				"redis://" + encRd + "@" + rdHost + "/0"},
			{"query parameter",
				"postgres://" + role + "@" + pgHost + ":" + pgPort + "/" + db + "?password=" + url.QueryEscape(p),
				"redis://" + user + "@" + rdHost + "/0?password=" + url.QueryEscape(p)},
			{"keyword/value",
				"host=" + pgHost + " port=" + pgPort + " dbname=" + db + " user=" + role + " password='" + kvQuoted + "'",
				"redis://" + encRd + "@" + rdHost + "/0"},
			{"unencoded",
				"postgres://" + role + ":" + p + "@" + pgHost + ":" + pgPort + "/" + db,
				"redis://" + user + ":" + p + "@" + rdHost + "/0"},
		}
	}
	leaks := func(p string) []string {
		out := []string{p, url.QueryEscape(p), url.PathEscape(p),
			strings.TrimPrefix(url.UserPassword("", p).String(), ":")}
		for i := 0; i+3 <= len(p); i++ {
			out = append(out, p[i:i+3]) // any piece a partial mask leaves
		}
		return out
	}
	check := func(t *testing.T, out, where string) {
		t.Helper()
		for _, p := range []string{pw, wrong} {
			for _, l := range leaks(p) {
				if strings.Contains(out, l) {
					t.Errorf("%s holds %q (a form of the password):\n%s", where, l, out)
				}
			}
		}
	}

	type run struct {
		name, pg, rd string
		wantCode     int // -1: any (the form is refused, or fails)
	}
	var runs []run
	for _, f := range forms(pw) {
		code := 0
		if f.name == "query parameter" || f.name == "unencoded" {
			// go-redis takes no password parameter, and net/url (so pgx and
			// go-redis) rejects an unencoded '%': the error path must not
			// leak either.
			code = -1
		}
		runs = append(runs, run{f.name, f.pg, f.rd, code})
	}
	for _, f := range forms(wrong) {
		runs = append(runs, run{"wrong password, " + f.name, f.pg, f.rd, 1})
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			dir := t.TempDir()
			jsonPath, junitPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")
			res := cliEnv(t, nil, "run", "testdata/run", "--tag", "smoke", "--postgres", r.pg, "--redis", r.rd,
				"--json", jsonPath, "--junit", junitPath, "--no-color", "--grace", "1s", "--seed", "1")
			if r.wantCode >= 0 && res.code != r.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, r.wantCode, res.stdout, res.stderr)
			}
			check(t, res.stdout, "stdout")
			check(t, res.stderr, "stderr")
			for _, p := range []string{jsonPath, junitPath} {
				data, err := os.ReadFile(p)
				if err != nil {
					if res.code == 2 {
						continue // refused before running: no report
					}
					t.Fatalf("exit %d and no report: %v\n%s%s", res.code, err, res.stdout, res.stderr)
				}
				if p == jsonPath {
					data = withoutHistograms(t, data)
				}
				check(t, string(data), filepath.Base(p))
			}
			t.Logf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		})
	}
}

// withoutHistograms returns a JSON report without its encoded histograms,
// whose base64 may hold any three characters by chance.
func withoutHistograms(t *testing.T, data []byte) []byte {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	var strip func(v any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "histograms")
			for _, e := range x {
				strip(e)
			}
		case []any:
			for _, e := range x {
				strip(e)
			}
		}
	}
	strip(doc)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // keep '&' as it is, for the scan
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
