package redact

import (
	"errors"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestTarget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		// Unchanged, byte for byte.
		{"empty", "", ""},
		{"no password", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"},
		{"user only", "postgres://stressql@127.0.0.1/db?application_name=a%20b", "postgres://stressql@127.0.0.1/db?application_name=a%20b"},
		{"addr", "127.0.0.1:6379", "127.0.0.1:6379"},
		{"kv without password", "host=h user=u dbname=d", "host=h user=u dbname=d"},
		{"sslkey is a path", "postgres://u@h/db?sslkey=/k.pem&sslcert=/c.pem", "postgres://u@h/db?sslkey=/k.pem&sslcert=/c.pem"},

		// Userinfo.
		{"userinfo", "postgres://stressql:secret@127.0.0.1:5432/stressql", "postgres://stressql:xxxxx@127.0.0.1:5432/stressql"},
		{"userinfo and query", "postgres://stressql:secret@127.0.0.1:5432/stressql?sslmode=disable", "postgres://stressql:xxxxx@127.0.0.1:5432/stressql?sslmode=disable"},
		{"redis password only", "redis://:secret@127.0.0.1:6379/0", "redis://:xxxxx@127.0.0.1:6379/0"},
		{"encoded", "redis://default:s%40cret@127.0.0.1:6379/0", "redis://default:xxxxx@127.0.0.1:6379/0"},
		{"rediss", "rediss://user:secret@cache.example:6380", "rediss://user:xxxxx@cache.example:6380"},
		{"empty password", "redis://user:@h:6379", "redis://user:xxxxx@h:6379"},
		{"unencoded @ / %", "postgres://u:p@ss/w%rd@127.0.0.1/db", "postgres://u:xxxxx@127.0.0.1/db"},
		{"unencoded / before port", "redis://:se/cret@127.0.0.1:6379", "redis://:xxxxx@127.0.0.1:6379"},
		{"unencoded digits then /", "postgres://u:1/ss@h/db", "postgres://u:xxxxx@h/db"},
		{"unencoded ? # & =", "postgres://u:a?b#c&d=e@h:5432/db?sslmode=disable", "postgres://u:xxxxx@h:5432/db?sslmode=disable"},
		{"unencoded all", "postgres://u:Pw@:/%!#?&=1@127.0.0.1:5432/stressql", "postgres://u:xxxxx@127.0.0.1:5432/stressql"},
		{"ipv6", "postgres://u:p@[::1]:5432/db", "postgres://u:xxxxx@[::1]:5432/db"},
		{"multi-host", "postgres://u:p@h1:5432,h2:5433/db", "postgres://u:xxxxx@h1:5432,h2:5433/db"},
		{"redis sentinel", "redis+sentinel://u:s3cret@127.0.0.1:26379,127.0.0.1:26380/mymaster/0?sentinel_password=sp&addr=h3:26381",
			"redis+sentinel://u:xxxxx@127.0.0.1:26379,127.0.0.1:26380/mymaster/0?sentinel_password=xxxxx&addr=h3:26381"},
		{"redis sentinel unencoded", "rediss+sentinel://:p@ss/w@h1:26379,h2/m?master_name=m", "rediss+sentinel://:xxxxx@h1:26379,h2/m?master_name=m"},
		{"redis cluster", "redis+cluster://u:s3cret@127.0.0.1:7000?addr=127.0.0.1:7001&addr=127.0.0.1:7002",
			"redis+cluster://u:xxxxx@127.0.0.1:7000?addr=127.0.0.1:7001&addr=127.0.0.1:7002"},
		{"socket dir", "postgres://u:p@/db?host=/tmp", "postgres://u:xxxxx@/db?host=/tmp"},
		{"no well-formed host", "postgres://u:p@!!", "postgres://u:xxxxx@!!"},
		{"no colon, bad host", "redis://secret@!!", "redis://xxxxx@!!"},

		// Query parameters.
		{"query password", "postgres://u@h/db?password=secret&sslmode=disable", "postgres://u@h/db?password=xxxxx&sslmode=disable"},
		{"sslpassword", "postgres://u@h/db?sslmode=require&sslpassword=k3y", "postgres://u@h/db?sslmode=require&sslpassword=xxxxx"},
		{"redis query password", "redis://127.0.0.1:6379/0?password=secret", "redis://127.0.0.1:6379/0?password=xxxxx"},
		{"sentinel password", "redis://h:6379?sentinel_password=s&db=1", "redis://h:6379?sentinel_password=xxxxx&db=1"},
		{"token", "redis://h?auth_token=abc", "redis://h?auth_token=xxxxx"},
		{"encoded key", "postgres://u@h/db?pass%77ord=secret", "postgres://u@h/db?pass%77ord=xxxxx"},
		{"unencoded & in query password", "postgres://u@h/db?password=a&b&sslmode=disable", "postgres://u@h/db?password=xxxxx&sslmode=disable"},
		{"both", "postgres://u:p@h/db?password=q", "postgres://u:xxxxx@h/db?password=xxxxx"},

		// Fragment.
		{"fragment", "redis://h:6379/0#secret", "redis://h:6379/0#xxxxx"},
		{"query password with #", "postgres://u@h/db?password=a#b", "postgres://u@h/db?password=xxxxx#xxxxx"},
		{"empty fragment", "redis://h:6379/0#", "redis://h:6379/0#"},

		// Keyword/value.
		{"kv", "host=127.0.0.1 user=stressql password=secret dbname=x", "host=127.0.0.1 user=stressql password=xxxxx dbname=x"},
		{"kv quoted", "host=h password='se cret' dbname=x", "host=h password=xxxxx dbname=x"},
		{"kv escaped quote", `host=h password='a b\' c' dbname=x`, "host=h password=xxxxx dbname=x"},
		{"kv unquoted escape", `host=h password=a\ b dbname=x`, "host=h password=xxxxx dbname=x"},
		{"kv spaces around =", "host=h password = secret dbname=x", "host=h password=xxxxx dbname=x"},
		{"kv unterminated quote", "host=h password='se cret dbname=x", "host=h password=xxxxx"},
		{"kv sslpassword", "host=h sslpassword=k user=u", "host=h sslpassword=xxxxx user=u"},
		{"kv unknown tail", "host=h password=p !junk pass=x", "host=h password=xxxxx xxxxx"},

		// Not a URL, not kv.
		{"bare userinfo", "u:secret@h:6379", "xxxxx@h:6379"},
	} {
		if got := Target(tc.in); got != tc.want {
			t.Errorf("%s: Target(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
		// Redacting twice changes nothing: outputs may redact what the
		// engine already did.
		if twice := Target(Target(tc.in)); twice != Target(tc.in) {
			t.Errorf("%s: Target twice = %q, once %q", tc.name, twice, Target(tc.in))
		}
		if got := Text(Target(tc.in)); got != Target(tc.in) {
			t.Errorf("%s: Text(Target) = %q, want %q", tc.name, got, Target(tc.in))
		}
	}
}

func TestSecrets(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"redis://127.0.0.1:6379/0", nil},
		{"postgres://u:s%40cret@h/db", []string{"s%40cret", "s@cret"}},
		{"postgres://u:p@ss/w%rd@h/db", []string{"p@ss/w%rd"}},
		{"postgres://u@h/db?password=a%26b&sslpassword=k", []string{"a%26b", "a&b", "k"}},
		{"postgres://u@h/db?password=a+b", []string{"a+b", "a b"}},
		{"host=h password='a b\\' c'", []string{"a b' c"}},
		{"u:pw@h", []string{"pw"}},
		// The default target: the password is the user and database name,
		// shown in the redacted target anyway.
		{"postgres://stressql:stressql@127.0.0.1:5432/stressql", nil},
		{"host=h user=stressql password=stressql", nil},
	} {
		got := Secrets(tc.in)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Secrets(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		secrets  []string
		want     string
	}{
		{"url", `connect postgres://u:secret@127.0.0.1:5432/db: refused`, nil, `connect postgres://u:xxxxx@127.0.0.1:5432/db: refused`},
		{"unencoded @", `dial redis://:p@ss@h:6379 failed`, nil, `dial redis://:xxxxx@h:6379 failed`},
		{"quoted url", `parse "redis://:se/cret@127.0.0.1:6379": invalid port ":se" after host`, nil, `parse "redis://:xxxxx@127.0.0.1:6379": invalid port ":se" after host`},
		{"quoted, space in password", "cannot parse `postgres://u:a b@h/db`: bad", nil, "cannot parse `postgres://u:xxxxx@h/db`: bad"},
		{"query password", `dial postgres://u@h/db?password=secret&x=1: refused`, nil, `dial postgres://u@h/db?password=xxxxx&x=1: refused`},
		{"kv", `failed: password=hunter2 host=x`, nil, `failed: password=xxxxx host=x`},
		{"kv quoted", `failed: host=x password='a b\' c' user=u`, nil, `failed: host=x password=xxxxx user=u`},
		{"kv value with &", `failed: host=x password=a&b=c user=u`, nil, `failed: host=x password=xxxxx user=u`},
		{"url then kv", `dial postgres://u@h/d?password=p&sslmode=disable: password=q&r failed`, nil, `dial postgres://u@h/d?password=xxxxx&sslmode=disable: password=xxxxx failed`},
		{"kv double quoted", `failed: sslpassword="a b" user=u`, nil, `failed: sslpassword=xxxxx user=u`},
		{"nothing", `no secrets here: 12:30 a@b password authentication failed`, nil, `no secrets here: 12:30 a@b password authentication failed`},
		{"known secret raw", `auth p@ss/w%rd rejected`, []string{"p@ss/w%rd"}, `auth xxxxx rejected`},
		{"known secret path-escaped", `GET /p@ss%2Fw%25rd`, []string{"p@ss/w%rd"}, `GET /xxxxx`},
		{"known secret query-escaped", `x=p%40ss%2Fw%25rd`, []string{"p@ss/w%rd"}, `x=xxxxx`},
		{"known secret userinfo-escaped", `u:p%40ss%2Fw%25rd@h`, []string{"p@ss/w%rd"}, `u:xxxxx@h`},
		{"known secret lower hex", `u:p%40ss%2fw%25rd@h`, []string{"p@ss/w%rd"}, `u:xxxxx@h`},
		{"word boundaries", "schema stressql_1 for s3cret, not s3crets", []string{"s3cret"}, "schema stressql_1 for xxxxx, not s3crets"},
		{"non-word edges always", "x@:/%!#?&=y", []string{"@:/%!#?&="}, "x" + Mask + "y"},
		{"mask is no secret", "a xxxxx b", []string{"xxxxx", ""}, "a xxxxx b"},
	} {
		if got := Text(tc.in, tc.secrets...); got != tc.want {
			t.Errorf("%s: Text(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestNoLeak: every form of a target with a hard password, written into
// every kind of text, leaks the password in no form.
func TestNoLeak(t *testing.T) {
	t.Parallel()
	const pw = `Pw@:/%!#?&=1`
	enc := url.UserPassword("u", pw).String()
	targets := map[string]string{
		"userinfo encoded":   "postgres://" + enc + "@127.0.0.1:5432/db",
		"userinfo unencoded": "postgres://u:" + pw + "@127.0.0.1:5432/db",
		"query":              "postgres://u@127.0.0.1:5432/db?sslmode=disable&password=" + url.QueryEscape(pw),
		"redis query":        "redis://127.0.0.1:6379/0?password=" + url.QueryEscape(pw),
		"kv":                 `host=127.0.0.1 user=u password='` + strings.ReplaceAll(pw, `'`, `\'`) + `' dbname=db`,
		"kv unquoted":        `host=127.0.0.1 user=u password=` + pw + ` dbname=db`,
	}
	leaks := []string{pw, url.QueryEscape(pw), url.PathEscape(pw), enc[2:]}
	for name, target := range targets {
		secrets := Secrets(target)
		texts := map[string]string{
			"Target":          Target(target),
			"Text quoted":     Text(`failed to connect to "`+target+`": refused`, secrets...),
			"Text bare":       Text("dial "+target+" failed", secrets...),
			"Text raw secret": Text("server says "+pw+" is wrong; "+url.QueryEscape(pw)+" "+url.PathEscape(pw), secrets...),
			"Text no secrets": Text("dial " + Target(target) + " failed"),
		}
		for what, got := range texts {
			for _, l := range leaks {
				if strings.Contains(got, l) {
					t.Errorf("%s, %s: %q leaks %q", name, what, got, l)
				}
			}
		}
	}
}

// TestNoLeakGenerated: passwords made of the characters that break URL
// parsing, in each form, never leave their first or last character (Q and
// Z, which appear nowhere else) in Target or Text.
func TestNoLeakGenerated(t *testing.T) {
	t.Parallel()
	const alphabet = "@:/%!#?&=+ ;,$'\\\"abc19"
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 1000; n++ {
		b := []byte{'Q'}
		for range 1 + rng.IntN(12) {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
		pw := string(append(b, 'Z'))
		kv := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(pw)
		for _, target := range []string{
			"postgres://u:" + url.PathEscape(pw) + "@127.0.0.1:5432/db",
			(&url.URL{Scheme: "redis", User: url.UserPassword("u", pw), Host: "127.0.0.1:6379", Path: "/0"}).String(),
			"postgres://u@127.0.0.1:5432/db?sslmode=disable&password=" + url.QueryEscape(pw),
			"host=127.0.0.1 user=u password='" + kv + "' dbname=db",
		} {
			secrets := Secrets(target)
			for what, got := range map[string]string{
				"Target":        Target(target),
				"Text":          Text("dial "+target+": failed", secrets...),
				"Text quoted":   Text(`parse "`+target+`": failed`, secrets...),
				"Text echoed":   Text("server: bad password "+pw+" ("+url.QueryEscape(pw)+")", secrets...),
				"Text unknown":  Text("dial " + Target(target) + ": failed"),
				"Text of error": Error(errors.New("x "+target), target).Error(),
			} {
				if strings.ContainsAny(got, "QZ") {
					t.Fatalf("password %q, target %q: %s = %q", pw, target, what, got)
				}
			}
		}
		// Unencoded in the userinfo, as a user may paste it: Target and
		// the texts that know the secrets.
		raw := "postgres://u:" + pw + "@127.0.0.1:5432/db"
		for what, got := range map[string]string{
			"Target":      Target(raw),
			"Text":        Text("dial "+raw+" failed", Secrets(raw)...),
			"Text echoed": Text("auth "+pw+" failed", Secrets(raw)...),
		} {
			if strings.ContainsAny(got, "QZ") {
				t.Fatalf("unencoded password %q: %s = %q", pw, what, got)
			}
		}
	}
}

// TestErrorQuotedFragment: a parser that quotes the few characters of a
// password it chokes on (pgx: invalid percent-encoded token: "%!#") does
// not leak them; quoted text that is no part of a secret stays.
func TestErrorQuotedFragment(t *testing.T) {
	t.Parallel()
	const pw = `p@ss:/%!#?&=w`
	target := "postgres://u:" + pw + "@127.0.0.1:5432/db"
	err := errors.New(`cannot parse url: failed to parse as URL (invalid percent-encoded token: "%!#"); relation "users"`)
	got := Error(err, target).Error()
	if strings.Contains(got, `%!#`) {
		t.Errorf("Error = %q: leaks a quoted piece of the password", got)
	}
	if !strings.Contains(got, `relation "users"`) {
		t.Errorf("Error = %q: masked a quoted text that is no part of a secret", got)
	}
	if !errors.Is(Error(err, target), err) {
		t.Error("Error lost the chain")
	}
}
