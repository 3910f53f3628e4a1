package redact

import (
	"errors"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Mask replaces every secret.
const Mask = "xxxxx"

// SecretKey reports whether a query parameter or connection keyword
// carries a secret: password, sslpassword, sentinel_password, passwd,
// pwd, and any key containing "password", "secret" or "token". Paths to
// key files (sslkey, sslcert, passfile) are not secrets and stay visible.
func SecretKey(key string) bool {
	k := strings.ToLower(strings.TrimSpace(key))
	switch k {
	case "pass", "pwd", "passwd", "auth":
		return true
	}
	for _, w := range []string{"password", "passwd", "secret", "token"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// Target returns the connection string s with its secrets masked:
//
//   - a URL (anything with "://"): the password of the userinfo, whether
//     percent-encoded or not (the userinfo ends at the last '@' that is
//     followed by a well-formed host), secret query parameters (see
//     [SecretKey]) and the fragment; a userinfo that cannot be told apart
//     is masked whole;
//   - a libpq keyword/value string (host=h password='a b\' c'): the value
//     of every secret keyword, quoted or not;
//   - anything else: what comes before the last '@' (a bare user:pass@host).
//
// Text without a secret comes back unchanged, byte for byte.
func Target(s string) string {
	if i := strings.Index(s, "://"); i >= 0 && validScheme(s[:i]) {
		return redactURL(s, i)
	}
	if kvStart.MatchString(s) {
		out, _ := redactKV(s)
		return out
	}
	if at := strings.LastIndexByte(s, '@'); at > 0 {
		return Mask + s[at:]
	}
	return s
}

// kvStart matches the beginning of a keyword/value connection string.
var kvStart = regexp.MustCompile(`^\s*[A-Za-z_][A-Za-z0-9_]*\s*=`)

func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// urlParts is a URL split by hand: scheme://userinfo@hostpath?query#fragment.
// has* tell which separators were there.
type urlParts struct {
	scheme, userinfo, hostpath, query, fragment string
	hasUser, hasQuery, hasFragment              bool
}

// splitURL splits s, whose "://" is at i. The userinfo ends at the last
// '@' followed by a well-formed host; when there is none, at the last '@'.
func splitURL(s string, i int) urlParts {
	p := urlParts{scheme: s[:i]}
	rest := s[i+3:]
	if at := userinfoEnd(rest); at >= 0 {
		p.userinfo, p.hasUser = rest[:at], true
		rest = rest[at+1:]
	}
	if j := strings.IndexByte(rest, '#'); j >= 0 {
		p.fragment, p.hasFragment = rest[j+1:], true
		rest = rest[:j]
	}
	if j := strings.IndexByte(rest, '?'); j >= 0 {
		p.query, p.hasQuery = rest[j+1:], true
		rest = rest[:j]
	}
	p.hostpath = rest
	return p
}

// userinfoEnd returns the index in rest (what follows "://") of the '@'
// that ends the userinfo, or -1.
func userinfoEnd(rest string) int {
	last := -1
	for j := len(rest) - 1; j >= 0; j-- {
		if rest[j] != '@' {
			continue
		}
		if last < 0 {
			last = j
		}
		if hostAt(rest[j+1:]) {
			return j
		}
	}
	return last
}

// hostAt reports whether s starts with a well-formed host list: hosts
// (names, IPv4, [IPv6]) with optional :port, separated by commas, ended by
// the end, '/', '?' or '#'.
func hostAt(s string) bool {
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		end = len(s)
	}
	hosts := s[:end]
	if hosts == "" {
		return true // postgres://u:p@/db?host=/tmp
	}
	for _, h := range strings.Split(hosts, ",") {
		if !hostPort(h) {
			return false
		}
	}
	return true
}

func hostPort(h string) bool {
	if strings.HasPrefix(h, "[") {
		k := strings.IndexByte(h, ']')
		if k < 0 {
			return false
		}
		for _, c := range []byte(h[1:k]) {
			if !(isHex(c) || c == ':' || c == '.' || c == '%' || isAlnum(c)) {
				return false
			}
		}
		h = h[k+1:]
		if h == "" {
			return true
		}
		if h[0] != ':' {
			return false
		}
		return digits(h[1:])
	}
	name, port, hasPort := strings.Cut(h, ":")
	if hasPort && !digits(port) {
		return false
	}
	if name == "" {
		return hasPort
	}
	for _, c := range []byte(name) {
		if !(isAlnum(c) || c == '.' || c == '-' || c == '_' || c == '%' || c == '~') {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true // an empty port is allowed, as net/url does
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func redactURL(s string, i int) string {
	p := splitURL(s, i)
	changed := false
	if p.hasUser {
		if user, _, ok := strings.Cut(p.userinfo, ":"); ok {
			p.userinfo = user + ":" + Mask
			changed = true
		} else if !hostAt(s[i+3+len(p.userinfo)+1:]) {
			// No well-formed host after any '@': cannot tell; mask it all.
			p.userinfo = Mask
			changed = true
		}
	}
	if p.hasQuery {
		if q, ok := redactQuery(p.query); ok {
			p.query = q
			changed = true
		}
	}
	if p.hasFragment && p.fragment != "" {
		p.fragment = Mask
		changed = true
	}
	if !changed {
		return s
	}
	var b strings.Builder
	b.WriteString(p.scheme + "://")
	if p.hasUser {
		b.WriteString(p.userinfo + "@")
	}
	b.WriteString(p.hostpath)
	if p.hasQuery {
		b.WriteString("?" + p.query)
	}
	if p.hasFragment {
		b.WriteString("#" + p.fragment)
	}
	return b.String()
}

// redactQuery masks the values of the secret parameters of a query. A
// segment without '=' that follows a secret is taken as the rest of it (an
// unencoded '&' in the password) and masked with it.
func redactQuery(q string) (string, bool) {
	segs := strings.Split(q, "&")
	out := segs[:0:0]
	changed, inSecret := false, false
	for _, seg := range segs {
		k, _, hasEq := strings.Cut(seg, "=")
		if !hasEq && inSecret {
			changed = true
			continue
		}
		key, err := url.QueryUnescape(k)
		if err != nil {
			key = k
		}
		inSecret = hasEq && SecretKey(key)
		if inSecret {
			seg = k + "=" + Mask
			changed = true
		}
		out = append(out, seg)
	}
	return strings.Join(out, "&"), changed
}

// kvPair is one keyword=value of a libpq keyword/value string: s[start:end]
// is the whole pair, value its value unquoted.
type kvPair struct {
	key, value string
	start, end int
}

// parseKV splits a libpq keyword/value string into pairs, as libpq does:
// values are bare (backslash escapes) or single-quoted (\' and \\). An
// unterminated quote runs to the end. It stops at the first text that is
// not a pair.
func parseKV(s string) (pairs []kvPair, stop int) {
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return pairs, i
		}
		start := i
		for i < len(s) && (isAlnum(s[i]) || s[i] == '_') {
			i++
		}
		key := s[start:i]
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if key == "" || i == len(s) || s[i] != '=' {
			return pairs, start
		}
		i++
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		var v strings.Builder
		if i < len(s) && s[i] == '\'' {
			i++
			for i < len(s) && s[i] != '\'' {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				v.WriteByte(s[i])
				i++
			}
			if i < len(s) {
				i++ // closing quote
			}
		} else {
			for i < len(s) && !isSpace(s[i]) {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				v.WriteByte(s[i])
				i++
			}
		}
		pairs = append(pairs, kvPair{key: key, value: v.String(), start: start, end: i})
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// redactKV masks the secret values of a keyword/value string. What follows
// the last pair it understands is kept only if it has no '=' (else masked).
func redactKV(s string) (string, bool) {
	pairs, stop := parseKV(s)
	var b strings.Builder
	changed, last := false, 0
	for _, p := range pairs {
		if !SecretKey(p.key) {
			continue
		}
		b.WriteString(s[last:p.start])
		b.WriteString(p.key + "=" + Mask)
		last = p.end
		changed = true
	}
	b.WriteString(s[last:stop])
	if rest := s[stop:]; rest != "" {
		if strings.ContainsRune(rest, '=') && strings.Contains(strings.ToLower(rest), "pass") {
			b.WriteString(Mask)
			changed = true
		} else {
			b.WriteString(rest)
		}
	}
	if !changed {
		return s, false
	}
	return b.String(), true
}

// Secrets returns the secret values of a target, as written and decoded:
// the userinfo password, secret query parameters and keyword values (see
// [Target]). Pass them to [Text]. A password equal to the user or database
// name of the same target is left out: the redacted target shows those
// names anyway, and masking a common word everywhere would garble messages
// (the default target's password is "stressql").
func Secrets(target string) []string {
	var raw []string
	var public []string
	add := func(v string, decode func(string) (string, error)) {
		if v == "" || v == Mask {
			return
		}
		raw = append(raw, v)
		if decode != nil {
			if d, err := decode(v); err == nil && d != v {
				raw = append(raw, d)
			}
		}
	}
	if i := strings.Index(target, "://"); i >= 0 && validScheme(target[:i]) {
		p := splitURL(target, i)
		if p.hasUser {
			user, pw, ok := strings.Cut(p.userinfo, ":")
			public = append(public, user)
			if d, err := url.PathUnescape(user); err == nil {
				public = append(public, d)
			}
			if ok {
				add(pw, url.PathUnescape)
			} else if !hostAt(target[i+3+len(p.userinfo)+1:]) {
				add(p.userinfo, nil)
			}
		}
		if _, db, ok := strings.Cut(p.hostpath, "/"); ok {
			public = append(public, db)
		}
		if p.hasQuery {
			segs := strings.Split(p.query, "&")
			for j := 0; j < len(segs); j++ {
				k, v, ok := strings.Cut(segs[j], "=")
				if !ok {
					continue
				}
				key, err := url.QueryUnescape(k)
				if err != nil {
					key = k
				}
				switch {
				case SecretKey(key):
					for j+1 < len(segs) && !strings.Contains(segs[j+1], "=") {
						j++
						v += "&" + segs[j] // an unencoded '&'
					}
					add(v, url.QueryUnescape)
					if j == len(segs)-1 && p.hasFragment {
						add(v+"#"+p.fragment, nil) // an unencoded '#'
					}
				case key == "user" || key == "dbname":
					public = append(public, v)
				}
			}
		}
		if p.hasFragment {
			add(p.fragment, nil)
		}
	} else if kvStart.MatchString(target) {
		pairs, _ := parseKV(target)
		for _, p := range pairs {
			switch {
			case SecretKey(p.key):
				add(p.value, nil)
			case p.key == "user" || p.key == "dbname":
				public = append(public, p.value)
			}
		}
	} else if at := strings.LastIndexByte(target, '@'); at > 0 {
		_, pw, ok := strings.Cut(target[:at], ":")
		if ok {
			add(pw, nil)
		}
	}
	out := raw[:0]
	for _, s := range raw {
		if !contains(public, s) && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// forms returns the ways a library may print secret: raw, percent-encoded
// as a path segment, a query value and a userinfo (upper and lower hex),
// fully percent-encoded, and quoted for a keyword/value string.
func forms(secret string) []string {
	fs := []string{
		secret,
		url.PathEscape(secret),
		url.QueryEscape(secret),
		strings.TrimSuffix(url.UserPassword("", secret).String(), "@")[1:],
		escapeAll(secret),
		strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(secret),
	}
	n := len(fs)
	for _, f := range fs[1:n] {
		if strings.ContainsRune(f, '%') {
			fs = append(fs, lowerHex(f))
		}
	}
	return fs
}

func escapeAll(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for _, c := range []byte(s) {
		if isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// lowerHex lowers the hex digits of the percent escapes of s.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			for k := i + 1; k <= i+2; k++ {
				if b[k] >= 'A' && b[k] <= 'F' {
					b[k] += 'a' - 'A'
				}
			}
		}
	}
	return string(b)
}

// urlStart finds where a URL begins in a text.
var urlStart = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://`)

// kvSecret finds secret key=value pairs in free text.
var kvSecret = regexp.MustCompile(`(?i)\b([a-z_]*(?:password|passwd|secret|token)[a-z_]*\s*=\s*)('(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|\S*[^\s:,;.)\]])`)

// Text returns s with every secret masked: the passwords of URLs in it
// (see [Target]; a URL ends at white space, or at its closing quote when it
// starts after one), secret key=value pairs, and every occurrence of the
// given secrets in any form a library prints them (see [Secrets]). A
// secret that starts or ends with a letter, digit or '_' is masked only
// where it is not glued to more of them, so that a short password does not
// garble the words that contain it.
func Text(s string, secrets ...string) string {
	// The known secrets first: a URL cut short by a space in its password
	// would otherwise hide the whole secret from them.
	var all []string
	for _, sec := range secrets {
		if sec == "" || sec == Mask {
			continue
		}
		for _, f := range forms(sec) {
			if f != "" && !contains(all, f) {
				all = append(all, f)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return len(all[i]) > len(all[j]) })
	for _, f := range all {
		s = replaceWord(s, f)
	}
	return redactURLsIn(s)
}

// redactURLsIn masks the URLs of s with Target and the secret key=value
// pairs of the text between them (whose values run to white space: '&'
// separates parameters only in a URL's query).
func redactURLsIn(s string) string {
	kv := func(t string) string { return kvSecret.ReplaceAllString(t, "${1}"+Mask) }
	locs := urlStart.FindAllStringIndex(s, -1)
	if locs == nil {
		return kv(s)
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		if loc[0] < last {
			continue // inside the previous URL
		}
		start := loc[0]
		end := urlEnd(s, start)
		b.WriteString(kv(s[last:start]))
		u := s[start:end]
		b.WriteString(Target(u))
		last = end
	}
	b.WriteString(kv(s[last:]))
	return b.String()
}

// urlEnd returns where the URL that starts at start ends: at white space,
// or, after an opening quote, at the last matching quote that is followed
// by the end, white space or punctuation.
func urlEnd(s string, start int) int {
	if start > 0 {
		if q := s[start-1]; q == '"' || q == '\'' || q == '`' {
			best := -1
			for k := start; k < len(s); k++ {
				if s[k] != q {
					continue
				}
				if k+1 == len(s) || strings.IndexByte(" \t\r\n:,;)]}.", s[k+1]) >= 0 {
					best = k
					if k+1 == len(s) || s[k+1] == ':' || isSpace(s[k+1]) {
						break
					}
				}
			}
			if best >= 0 {
				return best
			}
		}
	}
	k := start
	for k < len(s) && !isSpace(s[k]) {
		k++
	}
	// "dial postgres://u:p@h/db: refused": the punctuation is the text's.
	for k > start && strings.IndexByte(":,;.)]'\"`", s[k-1]) >= 0 {
		k--
	}
	return k
}

func isWord(c byte) bool { return isAlnum(c) || c == '_' }

// replaceWord replaces every occurrence of f in s by Mask, except where an
// end of f that is a word character touches another word character.
func replaceWord(s, f string) string {
	if !strings.Contains(s, f) {
		return s
	}
	wordStart, wordEnd := isWord(f[0]), isWord(f[len(f)-1])
	var b strings.Builder
	i := 0
	for {
		j := strings.Index(s[i:], f)
		if j < 0 {
			break
		}
		j += i
		k := j + len(f)
		if (wordStart && j > 0 && isWord(s[j-1])) || (wordEnd && k < len(s) && isWord(s[k])) {
			b.WriteString(s[i : j+1])
			i = j + 1
			continue
		}
		b.WriteString(s[i:j] + Mask)
		i = k
	}
	b.WriteString(s[i:])
	return b.String()
}

// Error returns err with the secrets of target masked in its message
// (see [Secrets] and [Text]), still wrapping err for errors.Is and
// errors.As. When err comes from net/url (a *url.Error) and target has a
// secret, the parser's text is replaced whole: it quotes the URL cut where
// the parser stopped and the bytes it choked on ("invalid URL escape
// \"%!\""), which may be pieces of an unencoded password that no mask can
// recognise. It returns err itself when there is nothing to mask, and nil
// for nil.
func Error(err error, target string) error {
	if err == nil {
		return nil
	}
	secrets := Secrets(target)
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) && len(secrets) > 0 {
		if inner := ue.Error(); strings.Contains(msg, inner) {
			msg = strings.ReplaceAll(msg, inner, "cannot parse "+Target(target)+
				" as a URL (characters such as @ : / % ? # & = in a password must be percent-encoded)")
		}
	}
	msg = quotedFragments(msg, secrets)
	if clean := Text(msg, secrets...); clean != err.Error() {
		return &redactedError{msg: clean, err: err}
	}
	return err
}

// quotedFragment is a Go-quoted string inside an error message, as parsers
// quote the piece of input they choke on (pgx: invalid percent-encoded
// token: "%!#").
var quotedFragment = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// quotedFragments masks every quoted piece of msg that is part of a
// secret: a parser that rejects a password quotes a few of its characters,
// which no whole-secret match finds.
func quotedFragments(msg string, secrets []string) string {
	if len(secrets) == 0 || !strings.Contains(msg, `"`) {
		return msg
	}
	return quotedFragment.ReplaceAllStringFunc(msg, func(q string) string {
		frag, err := strconv.Unquote(q)
		if err != nil || len(frag) < 2 {
			return q
		}
		for _, s := range secrets {
			if strings.Contains(s, frag) {
				return `"` + Mask + `"`
			}
		}
		return q
	})
}

// redactedError is an error whose message had its secrets masked.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
