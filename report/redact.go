package report

import (
	"net/url"
	"regexp"
	"strings"
)

// redacted replaces a password, as net/url's URL.Redacted does.
const redacted = "xxxxx"

var (
	// userinfo with a password in a URL anywhere in a text; greedy up to
	// the last @ before a space, since passwords may contain @.
	urlPassword = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*):[^\s]*@`)
	// password=... in a key/value connection string or a query.
	kvPassword = regexp.MustCompile(`(?i)(\b[a-z_]*password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)`)
)

// RedactURL returns s with any password replaced by xxxxx: the password of
// the userinfo (postgres://u:pass@h, redis://:pass@h) and password query
// parameters. A string that is not a URL, such as a key/value connection
// string, has its password=... values replaced.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return redactText(s)
	}
	changed := false
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), redacted)
		changed = true
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if strings.Contains(strings.ToLower(k), "password") {
				q.Set(k, redacted)
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	if !changed {
		return s
	}
	return u.String()
}

// redactText replaces passwords of URLs and password=... pairs anywhere in
// a text, such as an error message.
func redactText(s string) string {
	s = urlPassword.ReplaceAllString(s, "${1}:"+redacted+"@")
	return kvPassword.ReplaceAllString(s, "${1}"+redacted)
}
