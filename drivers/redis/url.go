package redis

import (
	"strings"
)

// userPassword returns the password in a URL's userinfo, without parsing
// the URL (so that it works on URLs the parser rejects).
func userPassword(u string) string {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return ""
	}
	_, pw, ok := strings.Cut(rest[:at], ":")
	if !ok {
		return ""
	}
	return pw
}

// redact replaces the URL's password in s.
func redact(s, u string) string {
	if pw := userPassword(u); pw != "" {
		s = strings.ReplaceAll(s, pw, "xxxxx")
	}
	return s
}

// scrubbed is an error whose message had the password removed; it keeps
// the original for errors.Is / errors.As.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

func scrub(err error, u string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := redact(msg, u); clean != msg {
		return &scrubbed{msg: clean, err: err}
	}
	return err
}
